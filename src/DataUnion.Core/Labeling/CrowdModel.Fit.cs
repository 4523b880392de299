namespace DataUnion.Core.Labeling;

public sealed partial class CrowdModel
{
    /// <summary>
    /// Learns the crowd model from a whole crowd by expectation–maximisation: build every image's
    /// consensus with the current model (E: each candidate's posterior), re-estimate every
    /// labeler's skill from what the consensuses say about them (M, drawn towards the crowd's),
    /// and repeat until no rate or noise moves by more than <see cref="FitOptions.Tolerance"/>.
    /// Gold answers count as certain evidence against the expert's boxes in every round, which
    /// anchors the estimates.
    /// </summary>
    /// <param name="images">Images to aggregate, with their answers (validated).</param>
    /// <param name="gold">Expert boxes by image id; those images are evidence only.</param>
    /// <param name="weightOf">Voting power by labeler.</param>
    /// <param name="options">Thresholds and quorum.</param>
    /// <param name="fit">Priors and the stopping rule.</param>
    /// <returns>The model and the consensus of every image that is not gold, in input order.</returns>
    public static (CrowdModel Model, IReadOnlyList<ConsensusResult> Results) Fit(
        IReadOnlyList<CrowdImage> images,
        IReadOnlyDictionary<string, IReadOnlyList<LabeledBox>> gold,
        Func<string, double> weightOf,
        ConsensusOptions options,
        FitOptions fit)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(weightOf);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fit);

        var anchors = new Dictionary<string, SkillEvidence>(StringComparer.Ordinal);
        var work = new List<CrowdImage>(images.Count);
        foreach (var image in images)
        {
            if (gold.TryGetValue(image.Id, out var expert))
            {
                foreach (var submission in image.Submissions)
                {
                    GoldEvidence.Add(EvidenceOf(anchors, submission.Labeler), submission.Boxes, expert, options);
                }
            }
            else
            {
                work.Add(image);
            }
        }

        var model = anchors.Count == 0 ? Prior(fit.Priors) : FromEvidence(anchors, fit.Priors);
        var results = Aggregate(work, weightOf, model, options);
        for (var iteration = 1; iteration <= fit.MaxIterations; iteration++)
        {
            var evidence = new Dictionary<string, SkillEvidence>(StringComparer.Ordinal);
            foreach (var (labeler, anchor) in anchors)
            {
                EvidenceOf(evidence, labeler).Add(anchor);
            }

            foreach (var result in results)
            {
                result.AddEvidence(l => EvidenceOf(evidence, l));
            }

            var next = FromEvidence(evidence, fit.Priors);
            var change = next.Change(model);
            model = new CrowdModel(next.Crowd, next.ObjectPrior, next.Skills, next.HardShare, next.HardVisibility, iteration);
            results = Aggregate(work, weightOf, model, options);
            if (change < fit.Tolerance)
            {
                break;
            }
        }

        return (model, results);
    }

    /// <summary>The model before any evidence: everyone <see cref="LabelerSkill.Default"/>, with the priors' hard objects.</summary>
    public static CrowdModel Prior(SkillPriors priors)
    {
        ArgumentNullException.ThrowIfNull(priors);
        return new CrowdModel(LabelerSkill.Default, 0.5, new Dictionary<string, LabelerSkill>(), priors.HardShare, priors.HardVisibility);
    }

    private static List<ConsensusResult> Aggregate(List<CrowdImage> images, Func<string, double> weightOf, CrowdModel model, ConsensusOptions options)
    {
        var results = new List<ConsensusResult>(images.Count);
        foreach (var image in images)
        {
            results.Add(ConsensusBuilder.Build(image.Submissions, weightOf, model, options));
        }

        return results;
    }

    private static SkillEvidence EvidenceOf(Dictionary<string, SkillEvidence> evidence, string labeler)
    {
        if (!evidence.TryGetValue(labeler, out var found))
        {
            evidence[labeler] = found = new SkillEvidence();
        }

        return found;
    }

    /// <summary>The largest change of a rate, a noise scale or the object prior from <paramref name="previous"/>.</summary>
    private double Change(CrowdModel previous)
    {
        var change = Math.Max(Math.Abs(ObjectPrior - previous.ObjectPrior), Math.Max(Math.Abs(HardShare - previous.HardShare), Math.Abs(HardVisibility - previous.HardVisibility)));
        foreach (var (labeler, skill) in Skills)
        {
            var before = previous.SkillOf(labeler);
            change = Math.Max(change, Math.Max(Math.Abs(skill.MissRate - before.MissRate), Math.Abs(skill.FalseBoxRate - before.FalseBoxRate)));
            for (var side = 0; side < BoxSides.Count; side++)
            {
                change = Math.Max(change, Math.Max(Math.Abs(skill.Noise[side] - before.Noise[side]), Math.Abs(skill.Bias[side] - before.Bias[side])));
            }
        }

        return change;
    }
}
