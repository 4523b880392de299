namespace DataUnion.Core.Labeling;

/// <summary>
/// Aggregates the answers for one image into consensus objects, with a <see cref="CrowdModel"/>
/// of who is how reliable.
/// <list type="number">
/// <item><b>Candidates.</b> Per class, labelers are taken most precise first (voting-power share
/// over noise variance); each one's boxes are matched one-to-one by <see cref="IoUMatching"/> to
/// the weighted mean boxes of the candidates formed so far, at the class's IoU threshold; an
/// unmatched box starts a candidate.</item>
/// <item><b>Posterior.</b> A candidate is a plain object, an object hard to see, or none. Its
/// log-likelihood under each is the prior's plus, for everyone who answered, that of what they did
/// (boxed it or not) under their skill (Dawid–Skene), scaled by their share of the voting power:
/// a labeler who fails gold counts for little whatever their skill looks like, and with equal
/// voting power each counts as one. A candidate is an object when its posterior exceeds the
/// quorum and at least <see cref="ConsensusOptions.MinSupport"/> of the voting power boxed it.</item>
/// <item><b>Refinement.</b> When a candidate was dropped, or two objects overlap at the threshold
/// with no labeler in common (one object split in two: everyone boxes an object once), objects are
/// joined, the dropped candidates' boxes are offered to the objects (a labeler at most once per
/// object), what stays behind is regrouped, and posteriors are taken again.</item>
/// <item><b>Fusion.</b> Each edge of a candidate is the estimate of its supporters' edges (their
/// bias removed) weighted by voting-power share over their noise variance, reweighted twice so
/// that one wild edge barely moves it.</item>
/// </list>
/// Deterministic: ties break on labeler id and box order.
/// </summary>
public static partial class ConsensusBuilder
{
    /// <summary>Builds the consensus for one image with <see cref="CrowdModel.Neutral"/>: a weighted majority.</summary>
    /// <inheritdoc cref="Build(IReadOnlyList{Submission}, Func{string, double}, CrowdModel, ConsensusOptions)"/>
    public static ConsensusResult Build(IReadOnlyList<Submission> submissions, Func<string, double> weightOf, ConsensusOptions options) =>
        Build(submissions, weightOf, CrowdModel.Neutral, options);

    /// <summary>Builds the consensus for one image.</summary>
    /// <param name="submissions">One answer per labeler (validated before: boxes inside the image, known classes).</param>
    /// <param name="weightOf">Voting power of a labeler; must be positive.</param>
    /// <param name="model">The labelers' skills and the object priors.</param>
    /// <param name="options">Thresholds, quorum and minimum support.</param>
    /// <returns>The consensus, each labeler's agreement with it, and what it says about their skill.</returns>
    /// <exception cref="ArgumentException">A labeler answered twice, or has no positive voting power.</exception>
    public static ConsensusResult Build(IReadOnlyList<Submission> submissions, Func<string, double> weightOf, CrowdModel model, ConsensusOptions options)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        ArgumentNullException.ThrowIfNull(weightOf);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        return Result(Prepare(submissions, weightOf, model, options), model, options);
    }

    /// <summary>The consensus of a prepared image under <paramref name="model"/>.</summary>
    internal static ConsensusResult Result(PreparedImage image, CrowdModel model, ConsensusOptions options)
    {
        var skills = image.Voters.Select(v => model.SkillOf(v.Submission.Labeler)).ToArray();
        return Result(image, Decide(image, skills, model, options), skills);
    }

    /// <summary>
    /// The answers of one image grouped into candidates, labelers taken most precise first (voting
    /// power share over noise variance) and boxes matched against the candidates' weighted mean
    /// boxes under <paramref name="model"/>'s skills.
    /// </summary>
    internal static PreparedImage Prepare(IReadOnlyList<Submission> submissions, Func<string, double> weightOf, CrowdModel model, ConsensusOptions options)
    {
        var voters = new Voter[submissions.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var total = 0.0;
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

            voters[i] = new Voter(i, submission, weight, model.SkillOf(submission.Labeler));
            total += weight;
        }

        foreach (var voter in voters)
        {
            // Voting power in units of the image's mean voter: with equal power everyone counts as one.
            voter.Share = voter.Power * voters.Length / total;
        }

        // Most precise first, so the first boxes of a candidate are the most trusted ones.
        var order = (Voter[])voters.Clone();
        Array.Sort(order, static (a, b) =>
        {
            var (x, y) = (Strength(a), Strength(b));
            return x != y ? y.CompareTo(x) : string.CompareOrdinal(a.Submission.Labeler, b.Submission.Labeler);
        });
        var classes = new List<PreparedClass>(1);
        foreach (var label in Labels(voters))
        {
            var threshold = options.ThresholdFor(label);
            classes.Add(new PreparedClass(label, threshold, ClusterClass(order, label, threshold)));
        }

        return new PreparedImage(voters, total, classes);
    }

    /// <summary>Scores, refines and fuses the candidates of <paramref name="image"/> under a model.</summary>
    /// <param name="image">The prepared image.</param>
    /// <param name="skills">The skill of each voter, by voter index.</param>
    /// <param name="model">The object priors.</param>
    /// <param name="options">Quorum and minimum support.</param>
    internal static List<Scored> Decide(PreparedImage image, LabelerSkill[] skills, CrowdModel model, ConsensusOptions options)
    {
        var scored = new List<Scored>();
        foreach (var (_, decided) in Choose(image, skills, model, options))
        {
            foreach (var candidate in decided)
            {
                candidate.Box = Fuse(candidate.Candidate, skills);
            }

            scored.AddRange(decided);
        }

        return scored;
    }

    /// <summary>
    /// <paramref name="image"/> with the candidates a decision under <paramref name="model"/> ends
    /// with (split objects joined, dropped boxes offered to the objects), ready to be scored again.
    /// </summary>
    internal static PreparedImage Decided(PreparedImage image, CrowdModel model, ConsensusOptions options)
    {
        var skills = image.Voters.Select(v => model.SkillOf(v.Submission.Labeler)).ToArray();
        var classes = Choose(image, skills, model, options)
            .Select(x => x.Class with { Candidates = x.Scored.ConvertAll(s => s.Candidate) })
            .ToList();
        return image with { Classes = classes };
    }

    /// <summary>Scores the candidates of each class, and refines and scores them again when some are dropped or split.</summary>
    private static IEnumerable<(PreparedClass Class, List<Scored> Scored)> Choose(PreparedImage image, LabelerSkill[] skills, CrowdModel model, ConsensusOptions options)
    {
        var voters = image.Voters;
        var silent = new Components[voters.Length];
        var boxed = new Components[voters.Length];
        var prior = new Components(
            Math.Log(model.ObjectPrior * (1 - model.HardShare)),
            model.HardShare > 0 ? Math.Log(model.ObjectPrior * model.HardShare) : double.NegativeInfinity,
            Math.Log(1 - model.ObjectPrior));
        var rho = model.HardVisibility;
        for (var i = 0; i < voters.Length; i++)
        {
            var (m, f, share) = (skills[i].MissRate, skills[i].FalseBoxRate, voters[i].Share);
            silent[i] = new Components(Math.Log(m), Math.Log(1 - ((1 - m) * rho)), Math.Log(1 - f)) * share;
            boxed[i] = (new Components(Math.Log(1 - m), Math.Log((1 - m) * rho), Math.Log(f)) * share) - silent[i];
            prior += silent[i];
        }

        var minSupport = options.MinSupport * image.TotalWeight;
        foreach (var preparedClass in image.Classes)
        {
            var decided = Score(preparedClass.Candidates, boxed, prior, options.Quorum, minSupport);
            if (decided.Exists(s => !s.Kept) || HasSplitObject(decided, preparedClass.Threshold))
            {
                decided = Score(Refine(decided, preparedClass.Threshold), boxed, prior, options.Quorum, minSupport);
            }

            yield return (preparedClass, decided);
        }
    }

    private static List<Scored> Score(List<Candidate> candidates, Components[] boxed, Components prior, double quorum, double minSupport)
    {
        var scored = new List<Scored>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var log = prior;
            foreach (var member in candidate.Members)
            {
                log += boxed[member.Voter.Index];
            }

            // Normalised in log space: with many voters the likelihoods underflow.
            var top = Math.Max(log.Plain, Math.Max(log.Hard, log.None));
            var plain = Math.Exp(log.Plain - top);
            var hard = Math.Exp(log.Hard - top);
            var sum = plain + hard + Math.Exp(log.None - top);
            var posterior = (plain + hard) / sum;
            // A tie (even odds, up to rounding) is not a majority.
            var kept = posterior > quorum + 1e-9 && candidate.Weight >= minSupport;
            scored.Add(new Scored(candidate, plain / sum, hard / sum, kept));
        }

        return scored;
    }

    private static ConsensusResult Result(PreparedImage image, List<Scored> scored, LabelerSkill[] skills)
    {
        var objects = new List<ConsensusObject>();
        var dropped = new List<ConsensusObject>();
        var matched = new int[image.Voters.Length];
        var iouSums = new double[image.Voters.Length];
        foreach (var candidate in scored)
        {
            var box = candidate.Box;
            var supporters = new List<Supporter>(candidate.Candidate.Members.Count);
            foreach (var (voter, memberBox) in candidate.Candidate.Members)
            {
                var iou = memberBox.IoU(box);
                supporters.Add(new Supporter(voter.Submission.Labeler, memberBox, iou));
                if (candidate.Kept)
                {
                    matched[voter.Index]++;
                    iouSums[voter.Index] += iou;
                }
            }

            var share = candidate.Candidate.Weight / image.TotalWeight;
            (candidate.Kept ? objects : dropped).Add(new ConsensusObject(candidate.Candidate.Label, box, share, supporters, candidate.Posterior));
        }

        objects.Sort(static (a, b) => b.Confidence != a.Confidence ? b.Confidence.CompareTo(a.Confidence) : string.CompareOrdinal(a.Label, b.Label));
        var emptyWeight = 0.0;
        var doubt = 0.0;
        foreach (var voter in image.Voters.Where(v => v.Submission.Boxes.Count == 0))
        {
            emptyWeight += voter.Power;
        }

        foreach (var candidate in dropped)
        {
            doubt = Math.Max(doubt, candidate.Confidence);
        }

        var consensus = new ImageConsensus(objects, emptyWeight / image.TotalWeight, image.TotalWeight, doubt, ImageConsensus.KishEffectiveVoters(image.Voters.Select(v => v.Power)), dropped);
        var agreement = image.Voters
            .OrderBy(v => v.Submission.Labeler, StringComparer.Ordinal)
            .Select(v => new LabelerAgreement(v.Submission.Labeler, ObjectMatch.From(iouSums[v.Index], matched[v.Index], v.Submission.Boxes.Count - matched[v.Index], objects.Count - matched[v.Index])))
            .ToList();
        var submissions = image.Voters.Select(v => v.Submission).ToList();
        return new ConsensusResult(consensus, agreement, submissions, evidenceOf =>
        {
            var byVoter = image.Voters.Select(v => evidenceOf(v.Submission.Labeler)).ToArray();
            AddEvidence(image, scored, skills, byVoter);
        });
    }

    /// <summary>
    /// Adds what the decided candidates of an image say about each voter to their evidence
    /// (by voter index): every candidate as boxed or left alone, with its posteriors; and the edges
    /// of each box in a candidate against the box the other members fused without it, so a strong
    /// labeler does not look precise for pulling the box to theirs.
    /// </summary>
    internal static void AddEvidence(PreparedImage image, List<Scored> scored, LabelerSkill[] skills, SkillEvidence[] byVoter)
    {
        var member = new bool[image.Voters.Length];
        Span<double> weights = stackalloc double[BoxSides.Count];
        Span<double> sums = stackalloc double[BoxSides.Count];
        Span<double> others = stackalloc double[BoxSides.Count];
        foreach (var candidate in scored)
        {
            Array.Clear(member);
            var members = candidate.Candidate.Members;
            weights.Clear();
            sums.Clear();
            foreach (var (voter, box) in members)
            {
                member[voter.Index] = true;
                for (var side = 0; side < BoxSides.Count; side++)
                {
                    var weight = EdgeWeight(voter, skills[voter.Index], side);
                    weights[side] += weight;
                    sums[side] += weight * Edge(skills[voter.Index], box, side);
                }
            }

            if (members.Count >= 2)
            {
                foreach (var (voter, box) in members)
                {
                    for (var side = 0; side < BoxSides.Count; side++)
                    {
                        var weight = EdgeWeight(voter, skills[voter.Index], side);
                        others[side] = (sums[side] - (weight * Edge(skills[voter.Index], box, side))) / (weights[side] - weight);
                    }

                    if (ToBox(others) is { } reference)
                    {
                        byVoter[voter.Index].AddBox(box, reference, candidate.Posterior);
                    }
                }
            }

            for (var v = 0; v < byVoter.Length; v++)
            {
                byVoter[v].AddCandidate(candidate.Plain, candidate.Hard, member[v]);
            }
        }
    }

    private static double Strength(Voter voter) => voter.Share / (voter.Skill.Noise.Mean * voter.Skill.Noise.Mean);

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

    /// <summary>Log-likelihoods of a candidate being a plain object, a hard one, or none.</summary>
    private readonly record struct Components(double Plain, double Hard, double None)
    {
        public static Components operator +(Components a, Components b) => new(a.Plain + b.Plain, a.Hard + b.Hard, a.None + b.None);

        public static Components operator -(Components a, Components b) => new(a.Plain - b.Plain, a.Hard - b.Hard, a.None - b.None);

        public static Components operator *(Components a, double scale) => new(a.Plain * scale, a.Hard * scale, a.None * scale);
    }
}
