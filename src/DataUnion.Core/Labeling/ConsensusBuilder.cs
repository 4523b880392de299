namespace DataUnion.Core.Labeling;

/// <summary>
/// Aggregates the answers for one image into consensus objects. Per class, labelers are taken
/// strongest first; each one's boxes are matched greedily by IoU to the clusters formed so far, at
/// most one box per labeler per cluster and only at or above the class's IoU threshold; an unmatched
/// box starts a cluster. A cluster whose supporters hold more than the quorum share of the voting power of
/// everyone who answered (those who drew nothing included) becomes an object, its box the
/// coordinate average weighted by voting power (as Weighted Boxes Fusion does). A refinement pass
/// then matches every box again against the finished clusters' fused boxes, so a box that missed
/// the threshold against an early, one-box cluster still joins its object. Deterministic: ties
/// break on labeler id and box order.
/// </summary>
public static class ConsensusBuilder
{
    /// <summary>Builds the consensus for one image.</summary>
    /// <param name="submissions">One answer per labeler (validated before: boxes inside the image, known classes).</param>
    /// <param name="weightOf">Voting power of a labeler; must be positive.</param>
    /// <param name="options">Thresholds and quorum.</param>
    /// <returns>The consensus and each labeler's agreement with it.</returns>
    /// <exception cref="ArgumentException">A labeler answered twice, or has no positive voting power.</exception>
    public static (ImageConsensus Consensus, IReadOnlyList<LabelerAgreement> Agreement) Build(
        IReadOnlyList<Submission> submissions, Func<string, double> weightOf, ConsensusOptions options)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        ArgumentNullException.ThrowIfNull(weightOf);
        ArgumentNullException.ThrowIfNull(options);

        var voters = new List<(Submission Submission, double Weight)>(submissions.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var submission in submissions)
        {
            if (!seen.Add(submission.Labeler))
            {
                throw new ArgumentException($"labeler '{submission.Labeler}' answered the image twice", nameof(submissions));
            }

            var weight = weightOf(submission.Labeler);
            if (!(weight > 0) || !double.IsFinite(weight))
            {
                throw new ArgumentException($"labeler '{submission.Labeler}' has voting power {weight}; it must be a positive number", nameof(weightOf));
            }

            voters.Add((submission, weight));
        }

        // Strongest first, so the first boxes of a cluster are the most trusted ones.
        voters.Sort((a, b) => b.Weight != a.Weight ? b.Weight.CompareTo(a.Weight) : string.CompareOrdinal(a.Submission.Labeler, b.Submission.Labeler));
        var total = voters.Sum(v => v.Weight);
        var labels = voters.SelectMany(v => v.Submission.Boxes.Select(b => b.Label)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        var objects = new List<ConsensusObject>();
        var rejected = new List<Cluster>();
        foreach (var label in labels)
        {
            var threshold = options.ThresholdFor(label);
            var clusters = ClusterClass(voters, label, threshold);
            // Only a cluster that missed the quorum can hold a box that belongs to an object.
            if (clusters.Any(c => total == 0 || c.Weight / total <= options.Quorum))
            {
                clusters = Refine(voters, label, threshold, clusters);
            }

            foreach (var cluster in clusters)
            {
                var confidence = total == 0 ? 0 : cluster.Weight / total;
                if (confidence > options.Quorum)
                {
                    var fused = cluster.Fused();
                    objects.Add(new ConsensusObject(label, fused, confidence, cluster.Members.Select(m => (m.Labeler, m.Box.IoU(fused))).ToList()));
                }
                else
                {
                    rejected.Add(cluster);
                }
            }
        }

        objects.Sort((a, b) => b.Confidence != a.Confidence ? b.Confidence.CompareTo(a.Confidence) : string.CompareOrdinal(a.Label, b.Label));
        var emptyWeight = voters.Where(v => v.Submission.Boxes.Count == 0).Sum(v => v.Weight);
        var doubt = total == 0 || rejected.Count == 0 ? 0 : rejected.Max(c => c.Weight) / total;
        var squares = voters.Sum(v => v.Weight * v.Weight);
        var consensus = new ImageConsensus(objects, total == 0 ? 0 : emptyWeight / total, total, doubt, squares == 0 ? 0 : total * total / squares);
        return (consensus, Agreement(voters, objects));
    }

    private static List<Cluster> ClusterClass(List<(Submission Submission, double Weight)> voters, string label, double threshold)
    {
        var clusters = new List<Cluster>();
        var candidates = new List<(double IoU, int Box, int Cluster)>();
        var boxes = new List<Box>();
        var fused = new List<Box>();
        foreach (var (submission, weight) in voters)
        {
            BoxesOf(submission, label, boxes);
            if (boxes.Count == 0)
            {
                continue;
            }

            candidates.Clear();
            fused.Clear();
            foreach (var cluster in clusters)
            {
                fused.Add(cluster.Fused());
            }

            for (var b = 0; b < boxes.Count; b++)
            {
                for (var c = 0; c < fused.Count; c++)
                {
                    var iou = boxes[b].IoU(fused[c]);
                    if (iou >= threshold)
                    {
                        candidates.Add((iou, b, c));
                    }
                }
            }

            // Greedy by IoU: the best pairs first, each box and each cluster used once.
            candidates.Sort((x, y) => x.IoU != y.IoU ? y.IoU.CompareTo(x.IoU) : x.Box != y.Box ? x.Box.CompareTo(y.Box) : x.Cluster.CompareTo(y.Cluster));
            var boxTaken = new bool[boxes.Count];
            var clusterTaken = new bool[clusters.Count];
            foreach (var (_, b, c) in candidates)
            {
                if (boxTaken[b] || clusterTaken[c])
                {
                    continue;
                }

                boxTaken[b] = clusterTaken[c] = true;
                clusters[c].Add(submission.Labeler, boxes[b], weight);
            }

            for (var b = 0; b < boxes.Count; b++)
            {
                if (!boxTaken[b])
                {
                    var cluster = new Cluster();
                    cluster.Add(submission.Labeler, boxes[b], weight);
                    clusters.Add(cluster);
                }
            }
        }

        return clusters;
    }

    /// <summary>
    /// One refinement pass: the clusters' fused boxes become anchors (heaviest first; an anchor that
    /// overlaps a heavier one at the threshold and shares no labeler with it is the same object
    /// split off, and is dropped), and every labeler's boxes are matched to the anchors again,
    /// greedily by IoU, one box per anchor; boxes left over start clusters of their own.
    /// </summary>
    private static List<Cluster> Refine(List<(Submission Submission, double Weight)> voters, string label, double threshold, List<Cluster> first)
    {
        if (first.Count == 0)
        {
            return first;
        }

        var ordered = first.Select((c, i) => (Cluster: c, Index: i))
            .OrderByDescending(c => c.Cluster.Weight).ThenBy(c => c.Index).Select(c => c.Cluster).ToList();
        var anchors = new List<(Box Box, Cluster From)>();
        foreach (var cluster in ordered)
        {
            var fused = cluster.Fused();
            if (!anchors.Any(a => a.Box.IoU(fused) >= threshold && !a.From.SharesLabelerWith(cluster)))
            {
                anchors.Add((fused, cluster));
            }
        }

        var refined = anchors.Select(_ => new Cluster()).ToList();
        var leftovers = new List<Cluster>();
        var candidates = new List<(double IoU, int Box, int Anchor)>();
        var boxes = new List<Box>();
        foreach (var (submission, weight) in voters)
        {
            BoxesOf(submission, label, boxes);
            candidates.Clear();
            for (var b = 0; b < boxes.Count; b++)
            {
                for (var a = 0; a < anchors.Count; a++)
                {
                    var iou = boxes[b].IoU(anchors[a].Box);
                    if (iou >= threshold)
                    {
                        candidates.Add((iou, b, a));
                    }
                }
            }

            candidates.Sort((x, y) => x.IoU != y.IoU ? y.IoU.CompareTo(x.IoU) : x.Box != y.Box ? x.Box.CompareTo(y.Box) : x.Anchor.CompareTo(y.Anchor));
            var boxTaken = new bool[boxes.Count];
            var anchorTaken = new bool[anchors.Count];
            foreach (var (_, b, a) in candidates)
            {
                if (!boxTaken[b] && !anchorTaken[a])
                {
                    boxTaken[b] = anchorTaken[a] = true;
                    refined[a].Add(submission.Labeler, boxes[b], weight);
                }
            }

            for (var b = 0; b < boxes.Count; b++)
            {
                if (!boxTaken[b])
                {
                    var cluster = new Cluster();
                    cluster.Add(submission.Labeler, boxes[b], weight);
                    leftovers.Add(cluster);
                }
            }
        }

        return [.. refined.Where(c => c.Members.Count > 0), .. leftovers];
    }

    private static void BoxesOf(Submission submission, string label, List<Box> boxes)
    {
        boxes.Clear();
        foreach (var (boxLabel, box) in submission.Boxes)
        {
            if (boxLabel == label)
            {
                boxes.Add(box);
            }
        }
    }

    private static List<LabelerAgreement> Agreement(List<(Submission Submission, double Weight)> voters, List<ConsensusObject> objects)
    {
        var result = new List<LabelerAgreement>(voters.Count);
        foreach (var (submission, _) in voters.OrderBy(v => v.Submission.Labeler, StringComparer.Ordinal))
        {
            var ious = objects.SelectMany(o => o.Supporters).Where(s => s.Labeler == submission.Labeler).Select(s => s.IoU).ToList();
            var matched = ious.Count;
            var extra = submission.Boxes.Count - matched;
            var missed = objects.Count - matched;
            var meanIoU = matched > 0 ? ious.Average() : objects.Count == 0 && submission.Boxes.Count == 0 ? 1 : 0;
            result.Add(new LabelerAgreement(submission.Labeler, new ObjectMatch(matched, extra, missed, meanIoU)));
        }

        return result;
    }

    /// <summary>Boxes of one class taken as one object, with their voting power.</summary>
    private sealed class Cluster
    {
        private double _x1;
        private double _y1;
        private double _x2;
        private double _y2;

        public List<(string Labeler, Box Box)> Members { get; } = [];

        public double Weight { get; private set; }

        public void Add(string labeler, Box box, double weight)
        {
            Members.Add((labeler, box));
            Weight += weight;
            _x1 += weight * box.X;
            _y1 += weight * box.Y;
            _x2 += weight * box.Right;
            _y2 += weight * box.Bottom;
        }

        public bool SharesLabelerWith(Cluster other)
        {
            foreach (var (labeler, _) in Members)
            {
                foreach (var (otherLabeler, _) in other.Members)
                {
                    if (string.Equals(labeler, otherLabeler, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        public Box Fused()
        {
            var x = _x1 / Weight;
            var y = _y1 / Weight;
            return new Box(x, y, (_x2 / Weight) - x, (_y2 / Weight) - y);
        }
    }
}
