namespace DataUnion.Core.Fairness;

/// <summary>
/// One category's detections over every image, in the order COCO accumulates them: by falling
/// score, ties by image (ascending id) and then by their order within the image.
/// </summary>
internal sealed class CategoryMatches
{
    /// <summary>The image index of each detection.</summary>
    public required int[] Image { get; init; }

    /// <summary>Bit t set: the detection is a true positive at the t-th IoU threshold.</summary>
    public required ushort[] Mask { get; init; }

    /// <summary>The IoU with the true object it matched at 0.5, or NaN.</summary>
    public required double[] MatchedIoU { get; init; }

    /// <summary>The detection's score.</summary>
    public required double[] Score { get; init; }

    /// <summary>True objects of this category per image.</summary>
    public required int[] TruthPerImage { get; init; }

    /// <summary>Detections kept (at most <see cref="DetectionMatches.MaxDetections"/> per image).</summary>
    public int Count => Image.Length;

    /// <summary>Collects one category's matches image by image.</summary>
    public sealed class Builder(int images)
    {
        private readonly List<int> _image = [];
        private readonly List<ushort> _mask = [];
        private readonly List<double> _iou = [];
        private readonly List<double> _score = [];
        private readonly int[] _truth = new int[images];
        private readonly double[] _thresholds = [.. DetectionMatches.IoUThresholds];

        /// <summary>Matches one image's detections (by falling score, at most the cap) to its true objects.</summary>
        public void AddImage(int image, CocoBox[] truth, Prediction[] detections)
        {
            _truth[image] = truth.Length;
            if (detections.Length == 0)
            {
                return;
            }

            var ious = new double[detections.Length * truth.Length];
            for (var d = 0; d < detections.Length; d++)
            {
                for (var g = 0; g < truth.Length; g++)
                {
                    ious[(d * truth.Length) + g] = CocoBox.IoU(detections[d].Box, truth[g]);
                }
            }

            var masks = new ushort[detections.Length];
            var matched = new double[detections.Length];
            Array.Fill(matched, double.NaN);
            var taken = new bool[truth.Length];
            for (var t = 0; t < _thresholds.Length; t++)
            {
                Array.Clear(taken);
                for (var d = 0; d < detections.Length; d++)
                {
                    var best = Math.Min(_thresholds[t], 1 - 1e-10);
                    var m = -1;
                    for (var g = 0; g < truth.Length; g++)
                    {
                        var iou = ious[(d * truth.Length) + g];
                        if (taken[g] || iou < best)
                        {
                            continue;
                        }

                        // An equal IoU moves the match to the later object, as the reference does.
                        best = iou;
                        m = g;
                    }

                    if (m < 0)
                    {
                        continue;
                    }

                    taken[m] = true;
                    masks[d] |= (ushort)(1 << t);
                    if (t == 0)
                    {
                        matched[d] = best;
                    }
                }
            }

            for (var d = 0; d < detections.Length; d++)
            {
                _image.Add(image);
                _mask.Add(masks[d]);
                _iou.Add(matched[d]);
                _score.Add(detections[d].Score);
            }
        }

        /// <summary>The category's detections in accumulation order.</summary>
        public CategoryMatches Build()
        {
            var score = _score.ToArray();
            var order = Enumerable.Range(0, score.Length).ToArray();
            // Detections were added by image and then by rank, so the index breaks ties as COCO's stable sort does.
            Array.Sort(order, (a, b) => score[a] != score[b] ? score[b].CompareTo(score[a]) : a.CompareTo(b));
            return new CategoryMatches
            {
                Image = Array.ConvertAll(order, i => _image[i]),
                Mask = Array.ConvertAll(order, i => _mask[i]),
                MatchedIoU = Array.ConvertAll(order, i => _iou[i]),
                Score = Array.ConvertAll(order, i => score[i]),
                TruthPerImage = _truth,
            };
        }
    }
}
