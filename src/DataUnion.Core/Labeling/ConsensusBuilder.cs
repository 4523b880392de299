namespace DataUnion.Core.Labeling;

/// <summary>
/// Aggregates the answers for one image into consensus objects, with a <see cref="CrowdModel"/>
/// of who is how reliable.
/// <list type="number">
/// <item><b>Candidates.</b> Per class, labelers are taken most precise first; each one's boxes are
/// matched one-to-one by <see cref="IoUMatching"/> to the candidates formed so far, at the class's
/// IoU threshold; an unmatched box starts a candidate.</item>
/// <item><b>Posterior.</b> Each candidate's log-odds of being a real object is the prior's plus,
/// for everyone who answered, the log-likelihood ratio of what they did (boxed it or not) under
/// their skill (Dawid–Skene), scaled by their share of the voting power: a labeler who fails gold
/// counts for little whatever their skill looks like, and with equal voting power each counts as
/// one. A candidate whose posterior exceeds the quorum is an object.</item>
/// <item><b>Refinement.</b> When a candidate was dropped, its boxes are offered to the objects'
/// fused boxes (a labeler at most once per object), so a box split off by a noisy early box
/// rejoins its object; what stays behind is regrouped, and posteriors are taken again.</item>
/// <item><b>Fusion.</b> Each edge of an object is the estimate of its supporters' edges (their
/// bias removed) weighted by voting-power share over their noise variance, reweighted twice so
/// that one wild edge barely moves it.</item>
/// </list>
/// Deterministic: ties break on labeler id and box order.
/// </summary>
public static class ConsensusBuilder
{
    /// <summary>An edge this many of its labeler's noise scales away from the estimate gets half its weight.</summary>
    private const double OutlierScale = 2.5;

    /// <summary>Builds the consensus for one image with <see cref="CrowdModel.Neutral"/>: a weighted majority.</summary>
    /// <inheritdoc cref="Build(IReadOnlyList{Submission}, Func{string, double}, CrowdModel, ConsensusOptions)"/>
    public static ConsensusResult Build(IReadOnlyList<Submission> submissions, Func<string, double> weightOf, ConsensusOptions options) =>
        Build(submissions, weightOf, CrowdModel.Neutral, options);

    /// <summary>Builds the consensus for one image.</summary>
    /// <param name="submissions">One answer per labeler (validated before: boxes inside the image, known classes).</param>
    /// <param name="weightOf">Voting power of a labeler; must be positive.</param>
    /// <param name="model">The labelers' skills and the object prior.</param>
    /// <param name="options">Thresholds and quorum.</param>
    /// <returns>The consensus, each labeler's agreement with it, and what it says about their skill.</returns>
    /// <exception cref="ArgumentException">A labeler answered twice, or has no positive voting power.</exception>
    public static ConsensusResult Build(IReadOnlyList<Submission> submissions, Func<string, double> weightOf, CrowdModel model, ConsensusOptions options)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        ArgumentNullException.ThrowIfNull(weightOf);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);

        var voters = Voters(submissions, weightOf, model);
        var total = 0.0;
        foreach (var voter in voters)
        {
            total += voter.Power;
        }

        // Voting-power shares in units of the image's mean voter: with equal power everyone counts as one.
        var prior = new Components(
            Math.Log(model.ObjectPrior * (1 - model.HardShare)),
            model.HardShare > 0 ? Math.Log(model.ObjectPrior * model.HardShare) : double.NegativeInfinity,
            Math.Log(1 - model.ObjectPrior));
        foreach (var voter in voters)
        {
            voter.Share = voter.Power * voters.Length / total;
            var (m, f, rho) = (voter.Skill.MissRate, voter.Skill.FalseBoxRate, model.HardVisibility);
            voter.Silent = new Components(Math.Log(m), Math.Log(1 - ((1 - m) * rho)), Math.Log(1 - f)) * voter.Share;
            voter.Boxed = (new Components(Math.Log(1 - m), Math.Log((1 - m) * rho), Math.Log(f)) * voter.Share) - voter.Silent;
            prior += voter.Silent;
        }

        // Most precise first, so the first boxes of a candidate are the most trusted ones.
        var order = (Voter[])voters.Clone();
        Array.Sort(order, static (a, b) => a.Strength != b.Strength ? b.Strength.CompareTo(a.Strength) : string.CompareOrdinal(a.Submission.Labeler, b.Submission.Labeler));
        var candidates = new List<Candidate>();
        foreach (var label in Labels(voters))
        {
            var threshold = options.ThresholdFor(label);
            var clusters = ClusterClass(order, label, threshold);
            var minSupport = options.MinSupport * total;
            Score(clusters, prior, options.Quorum, minSupport);
            if (clusters.Exists(c => !c.Kept) || HasSplitObject(clusters, threshold))
            {
                clusters = Refine(clusters, threshold);
                Score(clusters, prior, options.Quorum, minSupport);
            }

            foreach (var cluster in clusters)
            {
                cluster.FuseRobustly();
            }

            candidates.AddRange(clusters);
        }

        return Result(voters, candidates, total);
    }

    private static Voter[] Voters(IReadOnlyList<Submission> submissions, Func<string, double> weightOf, CrowdModel model)
    {
        var voters = new Voter[submissions.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < submissions.Count; i++)
        {
            var submission = submissions[i];
            if (!seen.Add(submission.Labeler))
            {
                throw new ArgumentException($"labeler '{submission.Labeler}' answered the image twice", nameof(submissions));
            }

            var weight = weightOf(submission.Labeler);
            if (!(weight > 0) || !double.IsFinite(weight))
            {
                throw new ArgumentException($"labeler '{submission.Labeler}' has voting power {weight}; it must be a positive number", nameof(weightOf));
            }

            voters[i] = new Voter(submission, weight, model.SkillOf(submission.Labeler));
        }

        return voters;
    }

    private static List<string> Labels(Voter[] voters)
    {
        var labels = new List<string>(1);
        foreach (var voter in voters)
        {
            foreach (var box in voter.Submission.Boxes)
            {
                if (!labels.Contains(box.Label))
                {
                    labels.Add(box.Label);
                }
            }
        }

        labels.Sort(StringComparer.Ordinal);
        return labels;
    }

    private static List<Candidate> ClusterClass(Voter[] order, string label, double threshold)
    {
        var clusters = new List<Candidate>();
        var boxes = new List<Box>();
        var pairs = new List<IoUPair>();
        var matches = new List<IoUPair>();
        var fused = new List<Box>();
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

            fused.Clear();
            foreach (var cluster in clusters)
            {
                fused.Add(cluster.Fused());
            }

            pairs.Clear();
            for (var b = 0; b < boxes.Count; b++)
            {
                for (var c = 0; c < fused.Count; c++)
                {
                    var iou = boxes[b].IoU(fused[c]);
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

    private static void Score(List<Candidate> clusters, Components prior, double quorum, double minSupport)
    {
        foreach (var cluster in clusters)
        {
            var log = prior;
            var support = 0.0;
            foreach (var member in cluster.Members)
            {
                log += member.Voter.Boxed;
                support += member.Voter.Power;
            }

            // Normalised in log space: with many voters the likelihoods underflow.
            var top = Math.Max(log.Plain, Math.Max(log.Hard, log.None));
            var plain = Math.Exp(log.Plain - top);
            var hard = Math.Exp(log.Hard - top);
            var sum = plain + hard + Math.Exp(log.None - top);
            cluster.Plain = plain / sum;
            cluster.Hard = hard / sum;
            // A tie (even odds, up to rounding) is not a majority.
            cluster.Kept = cluster.Posterior > quorum + 1e-9 && support >= minSupport;
        }
    }

    /// <summary>True when two objects overlap at the threshold with no labeler in common: one object split in two.</summary>
    private static bool HasSplitObject(List<Candidate> clusters, double threshold)
    {
        for (var a = 0; a < clusters.Count; a++)
        {
            for (var b = a + 1; b < clusters.Count; b++)
            {
                if (clusters[a].Kept && clusters[b].Kept && clusters[a].Fused().IoU(clusters[b].Fused()) >= threshold && !clusters[a].SharesLabelerWith(clusters[b]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Joins candidates that are one object: taken strongest first, a candidate whose fused box
    /// overlaps a stronger one's at the threshold, with no labeler in common, joins it. Everyone
    /// boxes an object at most once, so two real objects that close would share the labelers who
    /// boxed both.
    /// </summary>
    private static List<Candidate> Merge(IEnumerable<Candidate> candidates, double threshold)
    {
        var merged = new List<Candidate>();
        foreach (var candidate in candidates.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Posterior).ThenByDescending(x => x.c.Members.Count).ThenBy(x => x.i).Select(x => x.c))
        {
            var fused = candidate.Fused();
            var home = merged.Find(r => r.Fused().IoU(fused) >= threshold && !r.SharesLabelerWith(candidate));
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
    /// One refinement pass. Objects split in two are joined first. Objects keep their members. The boxes of the dropped candidates are
    /// offered to the objects, best IoU against the fused box first (at the threshold, a labeler at
    /// most once per object, so this matching is not one-to-one on the objects' side), so a box
    /// split off by a noisy first box rejoins its object. What stays behind is regrouped: a dropped
    /// candidate whose fused box overlaps a stronger dropped one at the threshold, with no labeler
    /// in common, joins it.
    /// </summary>
    private static List<Candidate> Refine(List<Candidate> clusters, double threshold)
    {
        var kept = Merge(clusters.Where(c => c.Kept), threshold);
        var dropped = clusters.Where(c => !c.Kept).ToList();
        var anchors = kept.Select(c => c.Fused()).ToList();
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

        var regrouped = Merge(remaining.Where(c => c.Members.Count > 0), threshold);
        return [.. kept, .. regrouped];
    }

    private static ConsensusResult Result(Voter[] voters, List<Candidate> candidates, double total)
    {
        var objects = new List<ConsensusObject>();
        var dropped = new List<ConsensusObject>();
        foreach (var candidate in candidates)
        {
            var box = candidate.Box;
            var supporters = candidate.Members.Select(m => new Supporter(m.Voter.Submission.Labeler, m.Box, m.Box.IoU(box))).ToList();
            var share = total == 0 ? 0 : candidate.Members.Sum(m => m.Voter.Power) / total;
            (candidate.Kept ? objects : dropped).Add(new ConsensusObject(candidate.Label, box, share, supporters, candidate.Posterior));
        }

        objects.Sort(static (a, b) => b.Confidence != a.Confidence ? b.Confidence.CompareTo(a.Confidence) : string.CompareOrdinal(a.Label, b.Label));
        var emptyWeight = voters.Where(v => v.Submission.Boxes.Count == 0).Sum(v => v.Power);
        var doubt = dropped.Count == 0 ? 0 : dropped.Max(c => c.Confidence);
        var effectiveVoters = ImageConsensus.KishEffectiveVoters(voters.Select(v => v.Power));
        var consensus = new ImageConsensus(objects, total == 0 ? 0 : emptyWeight / total, total, doubt, effectiveVoters, dropped);
        var labelers = voters.Select(v => v.Submission).ToList();
        return new ConsensusResult(consensus, Agreement(labelers, objects), labelers, candidates.Select(c => c.ToEvidence()).ToList());
    }

    private static List<LabelerAgreement> Agreement(List<Submission> submissions, List<ConsensusObject> objects)
    {
        var result = new List<LabelerAgreement>(submissions.Count);
        foreach (var submission in submissions.OrderBy(s => s.Labeler, StringComparer.Ordinal))
        {
            var matched = 0;
            var iouSum = 0.0;
            foreach (var supporter in objects.SelectMany(o => o.Supporters).Where(s => s.Labeler == submission.Labeler))
            {
                matched++;
                iouSum += supporter.IoU;
            }

            result.Add(new LabelerAgreement(submission.Labeler, ObjectMatch.From(iouSum, matched, submission.Boxes.Count - matched, objects.Count - matched)));
        }

        return result;
    }

    /// <summary>A labeler in one image: their answer, voting power and skill, and what the posterior takes from them.</summary>
    private sealed class Voter(Submission submission, double power, LabelerSkill skill)
    {
        public Submission Submission { get; } = submission;

        public double Power { get; } = power;

        public LabelerSkill Skill { get; } = skill;

        /// <summary>Voting power in units of the image's mean voter.</summary>
        public double Share { get; set; }

        /// <summary>Log-likelihoods this voter adds to a candidate they did not box.</summary>
        public Components Silent { get; set; }

        /// <summary>What boxing a candidate adds to its log-likelihoods, over not boxing it.</summary>
        public Components Boxed { get; set; }

        /// <summary>How much their edges count: share over the mean noise variance.</summary>
        public double Strength => Share / (Skill.Noise.Mean * Skill.Noise.Mean);

        public double EdgeWeight(int side) => Share / (Skill.Noise[side] * Skill.Noise[side]);

        /// <summary>Their edge <paramref name="side"/> of <paramref name="box"/>, with their bias removed.</summary>
        public double Edge(in Box box, int side) => BoxSides.EdgeOf(box, side) - (Skill.Bias[side] * BoxSides.ScaleOf(box, side));
    }

    private readonly record struct Member(Voter Voter, Box Box);

    /// <summary>Log-likelihoods of a candidate being a plain object, a hard one, or none.</summary>
    private readonly record struct Components(double Plain, double Hard, double None)
    {
        public static Components operator +(Components a, Components b) => new(a.Plain + b.Plain, a.Hard + b.Hard, a.None + b.None);

        public static Components operator -(Components a, Components b) => new(a.Plain - b.Plain, a.Hard - b.Hard, a.None - b.None);

        public static Components operator *(Components a, double scale) => new(a.Plain * scale, a.Hard * scale, a.None * scale);
    }

    /// <summary>Boxes of one class taken as one object, with the running sums of their weighted edges.</summary>
    private sealed class Candidate(string label)
    {
        private readonly double[] _weights = new double[BoxSides.Count];
        private readonly double[] _sums = new double[BoxSides.Count];

        public string Label { get; } = label;

        public List<Member> Members { get; } = [];

        public double Plain { get; set; }

        public double Hard { get; set; }

        public double Posterior => Plain + Hard;

        public bool Kept { get; set; }

        /// <summary>The robust fused box, once <see cref="FuseRobustly"/> ran.</summary>
        public Box Box { get; private set; }

        public void Add(Voter voter, Box box)
        {
            Members.Add(new Member(voter, box));
            for (var side = 0; side < BoxSides.Count; side++)
            {
                var weight = voter.EdgeWeight(side);
                _weights[side] += weight;
                _sums[side] += weight * voter.Edge(box, side);
            }
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

        /// <summary>The weighted mean of the members' edges.</summary>
        public Box Fused()
        {
            Span<double> edges = stackalloc double[BoxSides.Count];
            for (var side = 0; side < BoxSides.Count; side++)
            {
                edges[side] = _sums[side] / _weights[side];
            }

            return ToBox(edges) ?? Members[0].Box;
        }

        /// <summary>
        /// Each edge re-estimated from the weighted mean by iteratively reweighted least squares
        /// with Cauchy weights: an edge u noise scales off keeps 1 / (1 + (u / 2.5)²) of its weight.
        /// </summary>
        public void FuseRobustly()
        {
            var start = Fused();
            if (Members.Count <= 2)
            {
                // Two edges cannot outvote each other: the weighted mean is the estimate.
                Box = start;
                return;
            }

            Span<double> edges = stackalloc double[BoxSides.Count];
            for (var side = 0; side < BoxSides.Count; side++)
            {
                var scale = BoxSides.ScaleOf(start, side);
                var estimate = BoxSides.EdgeOf(start, side);
                for (var round = 0; round < 2; round++)
                {
                    double weights = 0, sum = 0;
                    foreach (var (voter, box) in Members)
                    {
                        var edge = voter.Edge(box, side);
                        var u = (edge - estimate) / (voter.Skill.Noise[side] * scale * OutlierScale);
                        var weight = voter.EdgeWeight(side) / (1 + (u * u));
                        weights += weight;
                        sum += weight * edge;
                    }

                    estimate = sum / weights;
                }

                edges[side] = estimate;
            }

            Box = ToBox(edges) ?? start;
        }

        /// <summary>What this candidate says about its members and the image's other labelers.</summary>
        public CandidateEvidence ToEvidence() => new(Plain, Hard, Box, Members.Select(m => (m.Voter.Submission.Labeler, m.Box, LeaveOneOut(m))).ToList());

        /// <summary>
        /// The box the other members fused without <paramref name="member"/>: a labeler's offsets are
        /// measured against it, so a strong labeler does not look precise for pulling the box to theirs.
        /// </summary>
        private Box? LeaveOneOut(Member member)
        {
            if (Members.Count < 2)
            {
                return null;
            }

            Span<double> edges = stackalloc double[BoxSides.Count];
            for (var side = 0; side < BoxSides.Count; side++)
            {
                var weight = member.Voter.EdgeWeight(side);
                edges[side] = (_sums[side] - (weight * member.Voter.Edge(member.Box, side))) / (_weights[side] - weight);
            }

            return ToBox(edges);
        }

        private static Box? ToBox(ReadOnlySpan<double> edges) =>
            edges[2] > edges[0] && edges[3] > edges[1] && double.IsFinite(edges[0]) && double.IsFinite(edges[1])
                ? new Box(edges[0], edges[1], edges[2] - edges[0], edges[3] - edges[1])
                : null;
    }
}
