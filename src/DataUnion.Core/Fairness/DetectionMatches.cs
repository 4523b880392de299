namespace DataUnion.Core.Fairness;

/// <summary>
/// A detector's predictions matched to the true objects, image by image, as COCO's reference
/// evaluation (pycocotools' <c>COCOeval</c>, box IoU, every object size, at most 100 detections an
/// image) matches them: per image and category, detections by falling score (ties in the order
/// given), each taking the unmatched true object it overlaps most at or above the threshold (on a
/// tie, the later one). Done once; <see cref="Score(ReadOnlySpan{int}, double)"/> then scores any
/// subset of the images, and <see cref="Bootstrap"/> resamples them.
/// </summary>
public sealed partial class DetectionMatches
{
    /// <summary>Detections an image keeps per category, highest scores first (COCO's maxDets).</summary>
    public const int MaxDetections = 100;

    private readonly CategoryMatches[] _categories;

    private DetectionMatches(long[] imageIds, int[] categoryIds, CategoryMatches[] categories)
    {
        ImageIds = imageIds;
        CategoryIds = categoryIds;
        _categories = categories;
    }

    /// <summary>The IoU thresholds 0.50, 0.55 … 0.95, computed as numpy's <c>linspace</c> computes them.</summary>
    public static IReadOnlyList<double> IoUThresholds { get; } = Linspace(0.5, 0.95, 10);

    /// <summary>The recall points 0.00, 0.01 … 1.00 of the 101-point interpolation, as numpy computes them.</summary>
    public static IReadOnlyList<double> RecallThresholds { get; } = Linspace(0, 1, 101);

    /// <summary>The evaluated images' ids, ascending; a weight span given to the scoring follows this order.</summary>
    public IReadOnlyList<long> ImageIds { get; }

    /// <summary>The categories, ascending.</summary>
    public IReadOnlyList<int> CategoryIds { get; }

    /// <summary>Matches the predictions to the images' true objects.</summary>
    /// <param name="images">The images, with unique ids; an image without predictions counts as one the detector found nothing in.</param>
    /// <param name="categories">Every category of the dataset; categories without true objects do not count in the averages.</param>
    /// <param name="predictions">Validated predictions (see <see cref="CocoResults"/>), for the given images and categories only.</param>
    /// <exception cref="ArgumentException">An image id repeats, or a prediction names an image or category not given.</exception>
    public static DetectionMatches Match(IReadOnlyList<EvaluationImage> images, IReadOnlyCollection<int> categories, IReadOnlyList<Prediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(predictions);

        var sorted = images.OrderBy(i => i.Id).ToArray();
        var imageIds = sorted.Select(i => i.Id).ToArray();
        var imageIndex = new Dictionary<long, int>(imageIds.Length);
        for (var i = 0; i < imageIds.Length; i++)
        {
            if (!imageIndex.TryAdd(imageIds[i], i))
            {
                throw new ArgumentException($"the image id {imageIds[i]} appears twice", nameof(images));
            }
        }

        var categoryIds = categories.Distinct().Order().ToArray();
        var categoryIndex = categoryIds.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);

        // Predictions grouped by image, in the order given (which breaks ties in score).
        var perImage = new int[imageIds.Length + 1];
        foreach (var p in predictions)
        {
            if (!imageIndex.TryGetValue(p.ImageId, out var i))
            {
                throw new ArgumentException($"a prediction is for the image {p.ImageId}, which is not evaluated", nameof(predictions));
            }

            if (!categoryIndex.ContainsKey(p.Category))
            {
                throw new ArgumentException($"a prediction has the category {p.Category}, which is not one of the dataset's", nameof(predictions));
            }

            perImage[i + 1]++;
        }

        for (var i = 0; i < imageIds.Length; i++)
        {
            perImage[i + 1] += perImage[i];
        }

        var order = new int[predictions.Count];
        var next = perImage[..^1];
        for (var p = 0; p < predictions.Count; p++)
        {
            order[next[imageIndex[predictions[p].ImageId]]++] = p;
        }

        var builders = categoryIds.Select(_ => new CategoryMatches.Builder(imageIds.Length)).ToArray();
        var categoryOf = new int[predictions.Count];
        var score = new double[predictions.Count];
        for (var p = 0; p < predictions.Count; p++)
        {
            categoryOf[p] = categoryIndex[predictions[p].Category];
            score[p] = predictions[p].Score;
        }

        // Within an image: by category, then by falling score, ties in the order given.
        Comparison<int> byCategoryAndScore = (a, b) =>
            categoryOf[a] != categoryOf[b] ? categoryOf[a].CompareTo(categoryOf[b])
            : score[a] != score[b] ? score[b].CompareTo(score[a])
            : a.CompareTo(b);
        var truth = new List<CocoBox>[categoryIds.Length];
        for (var c = 0; c < truth.Length; c++)
        {
            truth[c] = [];
        }

        for (var i = 0; i < sorted.Length; i++)
        {
            foreach (var list in truth)
            {
                list.Clear();
            }

            foreach (var t in sorted[i].Truth)
            {
                if (!categoryIndex.TryGetValue(t.Category, out var c))
                {
                    throw new ArgumentException($"the image {sorted[i].Id} has an object of category {t.Category}, which is not one of the dataset's", nameof(images));
                }

                truth[c].Add(t.Box);
            }

            var mine = order.AsSpan(perImage[i], perImage[i + 1] - perImage[i]);
            mine.Sort(byCategoryAndScore);
            var start = 0;
            for (var c = 0; c < categoryIds.Length; c++)
            {
                var end = start;
                while (end < mine.Length && categoryOf[mine[end]] == c)
                {
                    end++;
                }

                var kept = Math.Min(end - start, MaxDetections);
                var detections = new Prediction[kept];
                for (var d = 0; d < kept; d++)
                {
                    detections[d] = predictions[mine[start + d]];
                }

                builders[c].AddImage(i, [.. truth[c]], detections);
                start = end;
            }
        }

        return new DetectionMatches(imageIds, categoryIds, builders.Select(b => b.Build()).ToArray());
    }

    private static double[] Linspace(double start, double stop, int count)
    {
        var step = (stop - start) / (count - 1);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (i * step) + start;
        }

        values[^1] = stop;
        return values;
    }
}
