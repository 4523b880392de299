namespace DataUnion.Core.Labeling;

/// <summary>
/// Aggregates the answers for one image into consensus objects. Per class, labelers are taken
/// strongest first; each one's boxes are matched greedily by IoU to the clusters formed so far, at
/// most one box per labeler per cluster and only at or above the class's IoU threshold; an unmatched
/// box starts a cluster. A cluster whose supporters hold more than the quorum share of the voting power of
/// everyone who answered (those who drew nothing included) becomes an object, its box the
/// coordinate average weighted by voting power (as Weighted Boxes Fusion does). When a cluster
/// missed the quorum, a refinement pass offers its boxes to the objects' fused boxes, so a box
/// that missed the threshold against an early, one-box cluster still joins its object; the
/// objects keep their members. Deterministic: ties break on labeler id and box order.
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
        bool Quorate(Cluster c) => total > 0 && c.Weight / total > options.Quorum;
        var labels = voters.SelectMany(v => v.Submission.Boxes.Select(b => b.Label)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        var objects = new List<ConsensusObject>();
        var rejected = new List<Cluster>();
        foreach (var label in labels)
        {
            var threshold = options.ThresholdFor(label);
            var clusters = ClusterClass(voters, label, threshold);
            // Only a cluster that missed the quorum can hold a box that belongs to an object.
            if (clusters.Any(c => !Quorate(c)))
            {
                clusters = Refine(clusters, threshold, Quorate);
            }

            foreach (var cluster in clusters)
            {
                var confidence = total == 0 ? 0 : cluster.Weight / total;
                if (Quorate(cluster))
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
    /// One refinement pass. Clusters that reached the quorum keep their members. The boxes of the
    /// clusters that missed it are offered to the quorate ones, best IoU against the fused box first
    /// (at the threshold, a labeler at most once per cluster), so a box split off by a noisy first
    /// box rejoins its object. What stays behind is regrouped: a missed cluster whose fused box
    /// overlaps a heavier missed one at the threshold, with no labeler in common, joins it.
    /// </summary>
    private static List<Cluster> Refine(List<Cluster> clusters, double threshold, Func<Cluster, bool> quorate)
    {
        var kept = clusters.Where(quorate).ToList();
        var missed = clusters.Where(c => !quorate(c)).ToList();
        var anchors = kept.Select(c => c.Fused()).ToList();
        var strays = missed.SelectMany((c, i) => c.Members.Select(m => (Cluster: i, Member: m))).ToList();
        var candidates = new List<(double IoU, int Box, int Kept)>();
        for (var b = 0; b < strays.Count; b++)
        {
            for (var k = 0; k < kept.Count; k++)
            {
                var iou = strays[b].Member.Box.IoU(anchors[k]);
                if (iou >= threshold && !kept[k].Has(strays[b].Member.Labeler))
                {
                    candidates.Add((iou, b, k));
                }
            }
        }

        candidates.Sort((x, y) => x.IoU != y.IoU ? y.IoU.CompareTo(x.IoU) : x.Box != y.Box ? x.Box.CompareTo(y.Box) : x.Kept.CompareTo(y.Kept));
        var taken = new bool[strays.Count];
        foreach (var (_, b, k) in candidates)
        {
            var (labeler, box, weight) = strays[b].Member;
            if (!taken[b] && !kept[k].Has(labeler))
            {
                taken[b] = true;
                kept[k].Add(labeler, box, weight);
            }
        }

        var remaining = missed.Select(_ => new Cluster()).ToList();
        for (var b = 0; b < strays.Count; b++)
        {
            if (!taken[b])
            {
                var (labeler, box, weight) = strays[b].Member;
                remaining[strays[b].Cluster].Add(labeler, box, weight);
            }
        }

        var regrouped = new List<Cluster>();
        foreach (var cluster in remaining.Where(c => c.Members.Count > 0).Select((c, i) => (c, i)).OrderByDescending(x => x.c.Weight).ThenBy(x => x.i).Select(x => x.c))
        {
            var fused = cluster.Fused();
            var home = regrouped.FirstOrDefault(r => r.Fused().IoU(fused) >= threshold && !r.SharesLabelerWith(cluster));
            if (home is null)
            {
                regrouped.Add(cluster);
                continue;
            }

            foreach (var (labeler, box, weight) in cluster.Members)
            {
                home.Add(labeler, box, weight);
            }
        }

        return [.. kept, .. regrouped];
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

        public List<(string Labeler, Box Box, double Weight)> Members { get; } = [];

        public double Weight { get; private set; }

        public void Add(string labeler, Box box, double weight)
        {
            Members.Add((labeler, box, weight));
            Weight += weight;
            _x1 += weight * box.X;
            _y1 += weight * box.Y;
            _x2 += weight * box.Right;
            _y2 += weight * box.Bottom;
        }

        public bool Has(string labeler)
        {
            foreach (var member in Members)
            {
                if (string.Equals(member.Labeler, labeler, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        public bool SharesLabelerWith(Cluster other) => other.Members.Any(m => Has(m.Labeler));

        public Box Fused()
        {
            var x = _x1 / Weight;
            var y = _y1 / Weight;
            return new Box(x, y, (_x2 / Weight) - x, (_y2 / Weight) - y);
        }
    }
}
