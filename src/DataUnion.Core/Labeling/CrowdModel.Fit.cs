namespace DataUnion.Core.Labeling;

public sealed partial class CrowdModel
{
    /// <summary>
    /// Learns the crowd model from a whole crowd by expectation–maximisation. Each round decides
    /// every image under the current model (E: each candidate's posteriors), re-estimates every
    /// labeler's skill from what the decisions say about them (M, drawn towards the crowd's), and
    /// stops when no rate, noise or bias moves by more than <see cref="FitOptions.Tolerance"/>.
    /// Candidates are formed with the prior's skills, and once more with the learned ones when the
    /// rounds on the first candidates have settled (or taken half of the rounds). The first rounds
    /// score the candidates as formed, the later ones the candidates a decision under the learned
    /// skills ends with (split objects joined, stray boxes refined), and the result decides them as
    /// <see cref="ConsensusBuilder.Build(IReadOnlyList{Submission}, Func{string, double}, CrowdModel, ConsensusOptions)"/>
    /// does (refinement and fusion included).
    /// Gold answers count as certain evidence against the expert's boxes in every round, which
    /// anchors the estimates.
    /// </summary>
    /// <param name="images">Images to aggregate, with their answers (validated).</param>
    /// <param name="gold">Expert boxes by image id; those images are evidence only.</param>
    /// <param name="weightOf">Voting power by labeler.</param>
    /// <param name="options">Thresholds, quorum and minimum support.</param>
    /// <param name="fit">Priors and the stopping rule.</param>
    /// <returns>The model, and the consensus of every image that is not gold under it, in input order.</returns>
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

        // Labelers as indices, so a round looks nothing up by name.
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        int IdOf(string labeler)
        {
            if (!ids.TryGetValue(labeler, out var id))
            {
                ids[labeler] = id = names.Count;
                names.Add(labeler);
            }

            return id;
        }

        var anchors = new List<SkillEvidence>();
        var work = new List<(CrowdImage Image, int[] Labelers)>(images.Count);
        foreach (var image in images)
        {
            var labelers = image.Submissions.Select(s => IdOf(s.Labeler)).ToArray();
            while (anchors.Count < names.Count)
            {
                anchors.Add(new SkillEvidence());
            }

            if (gold.TryGetValue(image.Id, out var expert))
            {
                // Each answer graded alone against the expert's boxes, as the node grades gold.
                for (var i = 0; i < labelers.Length; i++)
                {
                    GoldEvidence.Add(anchors[labelers[i]], image.Submissions[i].Boxes, expert, options);
                }
            }
            else
            {
                work.Add((image, labelers));
            }
        }

        var model = gold.Count == 0 ? Prior(fit.Priors) : FromEvidence(Named(names, anchors), fit.Priors);
        var rounds = 0;
        List<ConsensusBuilder.PreparedImage> prepared = [];
        for (var stage = 0; stage < 2; stage++)
        {
            prepared = work.Select(w => ConsensusBuilder.Prepare(w.Image.Submissions, weightOf, model, options)).ToList();
            if (rounds >= fit.MaxIterations)
            {
                break;
            }

            // The rounds score the candidates a decision under the current model ends with.
            var decided = stage == 0 ? prepared : prepared.Select(p => ConsensusBuilder.Decided(p, model, options)).ToList();
            var table = new CandidateTable(decided, work.Select(w => w.Labelers).ToList(), names.Count);
            // The first candidates get half of the rounds: the learned skills must form the last ones.
            var limit = stage == 0 ? (fit.MaxIterations + 1) / 2 : fit.MaxIterations;
            while (rounds < limit)
            {
                rounds++;
                var evidence = table.Round(names.Select(model.SkillOf).ToArray(), model, anchors);
                var next = FromEvidence(Named(names, evidence), fit.Priors);
                var change = next.Change(model);
                model = new CrowdModel(next.Crowd, next.ObjectPrior, next.Skills, next.HardShare, next.HardVisibility, rounds);
                if (change < fit.Tolerance)
                {
                    break;
                }
            }
        }

        var results = new List<ConsensusResult>(prepared.Count);
        foreach (var image in prepared)
        {
            results.Add(ConsensusBuilder.Result(image, model, options));
        }

        return (model, results);
    }

    /// <summary>The model before any evidence: everyone <see cref="LabelerSkill.Default"/>, with the priors' hard objects.</summary>
    public static CrowdModel Prior(SkillPriors priors)
    {
        ArgumentNullException.ThrowIfNull(priors);
        return new CrowdModel(LabelerSkill.Default, 0.5, new Dictionary<string, LabelerSkill>(), priors.HardShare, priors.HardVisibility);
    }

    private static Dictionary<string, SkillEvidence> Named(List<string> names, IReadOnlyList<SkillEvidence> evidence)
    {
        var named = new Dictionary<string, SkillEvidence>(names.Count, StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            named[names[i]] = evidence[i];
        }

        return named;
    }

    /// <summary>The largest change of a rate, a noise scale, a bias or an object prior from <paramref name="previous"/>.</summary>
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
