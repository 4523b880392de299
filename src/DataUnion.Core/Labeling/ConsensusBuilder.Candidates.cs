namespace DataUnion.Core.Labeling;

public static partial class ConsensusBuilder
{
    /// <summary>An edge this many of its labeler's noise scales away from the estimate gets half its weight.</summary>
    private const double OutlierScale = 2.5;

    private static List<Candidate> ClusterClass(Voter[] order, string label, double threshold)
    {
        var clusters = new List<Candidate>();
        var boxes = new List<Box>();
        var pairs = new List<IoUPair>();
        var matches = new List<IoUPair>();
        var taken = new List<bool>();
        foreach (var voter in order)
        {
            boxes.Clear();
            foreach (var (boxLabel, box) in voter.Submission.Boxes)
            {
                if (boxLabel == label)
                {
                    boxes.Add(box);
                }
            }

            if (boxes.Count == 0)
            {
                continue;
            }

            pairs.Clear();
            for (var c = 0; c < clusters.Count; c++)
            {
                var mean = clusters[c].MeanBox();
                for (var b = 0; b < boxes.Count; b++)
                {
                    var iou = boxes[b].IoU(mean);
                    if (iou >= threshold)
                    {
                        pairs.Add(new IoUPair(iou, b, c));
                    }
                }
            }

            matches.Clear();
            IoUMatching.OneToOne(pairs, boxes.Count, clusters.Count, matches);
            taken.Clear();
            taken.AddRange(Enumerable.Repeat(false, boxes.Count));
            foreach (var match in matches)
            {
                taken[match.Left] = true;
                clusters[match.Right].Add(voter, boxes[match.Left]);
            }

            for (var b = 0; b < boxes.Count; b++)
            {
                if (!taken[b])
                {
                    var cluster = new Candidate(label);
                    cluster.Add(voter, boxes[b]);
                    clusters.Add(cluster);
                }
            }
        }

        return clusters;
    }

    /// <summary>True when two objects overlap at the threshold with no labeler in common: one object split in two.</summary>
    private static bool HasSplitObject(List<Scored> scored, double threshold)
    {
        for (var a = 0; a < scored.Count; a++)
        {
            for (var b = a + 1; b < scored.Count; b++)
            {
                if (scored[a].Kept && scored[b].Kept
                    && scored[a].Candidate.MeanBox().IoU(scored[b].Candidate.MeanBox()) >= threshold
                    && !scored[a].Candidate.SharesLabelerWith(scored[b].Candidate))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// One refinement pass over new candidates (the prepared ones stay as they are). Objects split
    /// in two are joined first. Objects keep their members. The boxes of the dropped candidates are
    /// offered to the objects, best IoU against the mean box first (at the threshold, a labeler at
    /// most once per object, so this matching is not one-to-one on the objects' side), so a box
    /// split off by a noisy first box rejoins its object. What stays behind is regrouped.
    /// </summary>
    private static List<Candidate> Refine(List<Scored> scored, double threshold)
    {
        var kept = Merge(scored.Where(s => s.Kept).Select(s => s.Candidate.Copy()), threshold);
        var dropped = scored.Where(s => !s.Kept).Select(s => s.Candidate).ToList();
        var anchors = kept.Select(c => c.MeanBox()).ToList();
        var strays = dropped.SelectMany((c, i) => c.Members.Select(m => (Cluster: i, Member: m))).ToList();
        var pairs = new List<IoUPair>();
        for (var b = 0; b < strays.Count; b++)
        {
            for (var k = 0; k < kept.Count; k++)
            {
                var iou = strays[b].Member.Box.IoU(anchors[k]);
                if (iou >= threshold && !kept[k].Has(strays[b].Member.Voter))
                {
                    pairs.Add(new IoUPair(iou, b, k));
                }
            }
        }

        var taken = new bool[strays.Count];
        IoUMatching.Greedy(pairs, pair =>
        {
            var member = strays[pair.Left].Member;
            if (taken[pair.Left] || kept[pair.Right].Has(member.Voter))
            {
                return false;
            }

            taken[pair.Left] = true;
            kept[pair.Right].Add(member.Voter, member.Box);
            return true;
        });

        var remaining = dropped.Select(c => new Candidate(c.Label)).ToList();
        for (var b = 0; b < strays.Count; b++)
        {
            if (!taken[b])
            {
                remaining[strays[b].Cluster].Add(strays[b].Member.Voter, strays[b].Member.Box);
            }
        }

        return [.. kept, .. Merge(remaining.Where(c => c.Members.Count > 0), threshold)];
    }

    /// <summary>
    /// Joins candidates that are one object: taken heaviest first, a candidate whose mean box
    /// overlaps a heavier one's at the threshold, with no labeler in common, joins it. Everyone
    /// boxes an object at most once, so two real objects that close would share the labelers who
    /// boxed both.
    /// </summary>
    private static List<Candidate> Merge(IEnumerable<Candidate> candidates, double threshold)
    {
        var merged = new List<Candidate>();
        foreach (var candidate in candidates.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Weight).ThenByDescending(x => x.c.Members.Count).ThenBy(x => x.i).Select(x => x.c))
        {
            var mean = candidate.MeanBox();
            var home = merged.Find(r => r.MeanBox().IoU(mean) >= threshold && !r.SharesLabelerWith(candidate));
            if (home is null)
            {
                merged.Add(candidate);
                continue;
            }

            foreach (var member in candidate.Members)
            {
                home.Add(member.Voter, member.Box);
            }
        }

        return merged;
    }

    /// <summary>
    /// The fused box: each edge the members' edges (their bias removed) weighted by share over
    /// noise variance, then re-estimated twice with Cauchy weights, so an edge u noise scales off
    /// keeps 1 / (1 + (u / 2.5)²) of its weight.
    /// </summary>
    private static Box Fuse(Candidate candidate, LabelerSkill[] skills)
    {
        Span<double> edges = stackalloc double[BoxSides.Count];
        var members = candidate.Members;
        for (var side = 0; side < BoxSides.Count; side++)
        {
            double weights = 0, sum = 0;
            foreach (var (voter, box) in members)
            {
                var weight = EdgeWeight(voter, skills[voter.Index], side);
                weights += weight;
                sum += weight * Edge(skills[voter.Index], box, side);
            }

            edges[side] = sum / weights;
        }

        var start = ToBox(edges) ?? candidate.MeanBox();
        if (members.Count <= 2)
        {
            // Two edges cannot outvote each other: the weighted mean is the estimate.
            return start;
        }

        for (var side = 0; side < BoxSides.Count; side++)
        {
            var scale = BoxSides.ScaleOf(start, side);
            var estimate = BoxSides.EdgeOf(start, side);
            for (var round = 0; round < 2; round++)
            {
                double weights = 0, sum = 0;
                foreach (var (voter, box) in members)
                {
                    var skill = skills[voter.Index];
                    var edge = Edge(skill, box, side);
                    var u = (edge - estimate) / (skill.Noise[side] * scale * OutlierScale);
                    var weight = EdgeWeight(voter, skill, side) / (1 + (u * u));
                    weights += weight;
                    sum += weight * edge;
                }

                estimate = sum / weights;
            }

            edges[side] = estimate;
        }

        return ToBox(edges) ?? start;
    }

    /// <summary>How much a voter's edge counts: share over noise variance.</summary>
    private static double EdgeWeight(Voter voter, LabelerSkill skill, int side) => voter.Share / (skill.Noise[side] * skill.Noise[side]);

    /// <summary>Edge <paramref name="side"/> of <paramref name="box"/>, with the labeler's bias removed.</summary>
    private static double Edge(LabelerSkill skill, in Box box, int side) => BoxSides.EdgeOf(box, side) - (skill.Bias[side] * BoxSides.ScaleOf(box, side));

    private static Box? ToBox(ReadOnlySpan<double> edges) =>
        edges[2] > edges[0] && edges[3] > edges[1] && double.IsFinite(edges[0]) && double.IsFinite(edges[1])
            ? new Box(edges[0], edges[1], edges[2] - edges[0], edges[3] - edges[1])
            : null;

    /// <summary>A labeler in one image: their answer, voting power, and the skill candidates were formed with.</summary>
    internal sealed class Voter(int index, Submission submission, double power, LabelerSkill skill)
    {
        public LabelerSkill Skill { get; } = skill;

        /// <summary>Position in the image's answers.</summary>
        public int Index { get; } = index;

        public Submission Submission { get; } = submission;

        public double Power { get; } = power;

        /// <summary>Voting power in units of the image's mean voter.</summary>
        public double Share { get; set; }
    }

    internal readonly record struct Member(Voter Voter, Box Box);

    /// <summary>
    /// Boxes of one class taken as one object, with the running sums of their edges weighted by
    /// the skill the image was prepared with (share over noise variance, bias removed).
    /// </summary>
    internal sealed class Candidate(string label)
    {
        private readonly double[] _weights = new double[BoxSides.Count];
        private readonly double[] _sums = new double[BoxSides.Count];

        public string Label { get; } = label;

        public List<Member> Members { get; } = [];

        /// <summary>Voting power of its members.</summary>
        public double Weight { get; private set; }

        public void Add(Voter voter, Box box)
        {
            Members.Add(new Member(voter, box));
            Weight += voter.Power;
            for (var side = 0; side < BoxSides.Count; side++)
            {
                var weight = EdgeWeight(voter, voter.Skill, side);
                _weights[side] += weight;
                _sums[side] += weight * Edge(voter.Skill, box, side);
            }
        }

        public Candidate Copy()
        {
            var copy = new Candidate(Label);
            foreach (var (voter, box) in Members)
            {
                copy.Add(voter, box);
            }

            return copy;
        }

        public bool Has(Voter voter)
        {
            foreach (var member in Members)
            {
                if (ReferenceEquals(member.Voter, voter))
                {
                    return true;
                }
            }

            return false;
        }

        public bool SharesLabelerWith(Candidate other) => other.Members.Exists(m => Has(m.Voter));

        /// <summary>The weighted mean box under the skill the image was prepared with: how candidates are formed.</summary>
        public Box MeanBox()
        {
            Span<double> edges = stackalloc double[BoxSides.Count];
            for (var side = 0; side < BoxSides.Count; side++)
            {
                edges[side] = _sums[side] / _weights[side];
            }

            return ToBox(edges) ?? Members[0].Box;
        }
    }

    /// <summary>A candidate under a model: its posteriors, whether it is an object, and its fused box.</summary>
    internal sealed class Scored(Candidate candidate, double plain, double hard, bool kept)
    {
        public Candidate Candidate { get; } = candidate;

        public double Plain { get; } = plain;

        public double Hard { get; } = hard;

        public double Posterior => Plain + Hard;

        public bool Kept { get; } = kept;

        public Box Box { get; set; }
    }

    /// <summary>One class of a prepared image: its threshold and candidates.</summary>
    internal sealed record PreparedClass(string Label, double Threshold, List<Candidate> Candidates);

    /// <summary>An image's voters and candidates, ready to be decided under any model.</summary>
    internal sealed record PreparedImage(Voter[] Voters, double TotalWeight, List<PreparedClass> Classes);
}
