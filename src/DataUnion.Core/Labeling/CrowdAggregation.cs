namespace DataUnion.Core.Labeling;

/// <summary>One image of a crowd file: its size and every labeler's answer.</summary>
/// <param name="Id">Image id.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Submissions">The answers.</param>
public sealed record CrowdImage(string Id, double Width, double Height, IReadOnlyList<Submission> Submissions);

/// <summary>A labeler's standing after an aggregation.</summary>
/// <param name="Labeler">Who.</param>
/// <param name="GoldAnswers">Gold images they answered.</param>
/// <param name="GoldPassed">Gold answers that passed.</param>
/// <param name="Reputation">Bayes-smoothed gold accuracy (one half without gold).</param>
/// <param name="VotingPower">f(reputation) × g(stake).</param>
/// <param name="Images">Non-gold images they answered.</param>
/// <param name="MeanIoU">Mean IoU of their matched boxes to the consensus.</param>
/// <param name="Precision">Object precision against the consensus.</param>
/// <param name="Recall">Object recall against the consensus.</param>
/// <param name="Score">Mean agreement score (F1 × IoU) over their images.</param>
/// <param name="Skill">What the crowd model learned of them.</param>
public sealed record LabelerScore(string Labeler, int GoldAnswers, int GoldPassed, double Reputation, double VotingPower, int Images, double MeanIoU, double Precision, double Recall, double Score, LabelerSkill Skill);

/// <summary>
/// Aggregates a whole crowd file without a node: gold images grade the labelers (their
/// smoothed accuracy is their reputation) and anchor the crowd model, stakes and reputation give
/// voting power, and the crowd model learned by EM over every image gives each image that is not
/// gold its consensus.
/// </summary>
public static class CrowdAggregation
{
    /// <summary>A gold answer passes at these marks (mean IoU, precision, recall).</summary>
    public static readonly (double MeanIoU, double Precision, double Recall) GoldPassMarks = (0.6, 0.7, 0.7);

    /// <summary>Runs the aggregation. The inputs must be validated (boxes inside their image, one answer per labeler per image).</summary>
    /// <param name="images">Every image with its answers.</param>
    /// <param name="gold">Expert boxes by image id; those images are graded, not aggregated.</param>
    /// <param name="stakes">Stake by labeler, token base units; missing means none.</param>
    /// <param name="options">Thresholds and quorum.</param>
    /// <param name="power">The voting power function.</param>
    /// <param name="fit">How the crowd model learns; default <see cref="FitOptions"/>.</param>
    public static (IReadOnlyList<(CrowdImage Image, ImageConsensus Consensus)> Images, IReadOnlyList<LabelerScore> Labelers, CrowdModel Model) Run(
        IReadOnlyList<CrowdImage> images,
        IReadOnlyDictionary<string, IReadOnlyList<LabeledBox>> gold,
        IReadOnlyDictionary<string, double> stakes,
        ConsensusOptions options,
        VotingPower power,
        FitOptions? fit = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(stakes);
        var goldRecord = new Dictionary<string, (int Answers, int Passed)>(StringComparer.Ordinal);
        foreach (var image in images.Where(i => gold.ContainsKey(i.Id)))
        {
            foreach (var submission in image.Submissions)
            {
                var passed = ObjectMatch.Of(submission.Boxes, gold[image.Id], options).Passes(GoldPassMarks.MeanIoU, GoldPassMarks.Precision, GoldPassMarks.Recall);
                var (answers, passes) = goldRecord.GetValueOrDefault(submission.Labeler);
                goldRecord[submission.Labeler] = (answers + 1, passes + (passed ? 1 : 0));
            }
        }

        var labelers = images.SelectMany(i => i.Submissions.Select(s => s.Labeler)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var reputation = labelers.ToDictionary(l => l, l =>
        {
            var (answers, passes) = goldRecord.GetValueOrDefault(l);
            return (GoldAccuracy.Smoothing + passes) / ((2 * GoldAccuracy.Smoothing) + answers);
        }, StringComparer.Ordinal);
        var weight = labelers.ToDictionary(l => l, l => power.Of(reputation[l], stakes.GetValueOrDefault(l)), StringComparer.Ordinal);

        var work = images.Where(i => !gold.ContainsKey(i.Id)).ToList();
        var (model, built) = CrowdModel.Fit(images, gold, l => weight[l], options, fit ?? new FitOptions());
        var results = new List<(CrowdImage, ImageConsensus)>(work.Count);
        var agreement = labelers.ToDictionary(l => l, _ => new List<LabelerAgreement>(), StringComparer.Ordinal);
        for (var i = 0; i < work.Count; i++)
        {
            results.Add((work[i], built[i].Consensus));
            foreach (var a in built[i].Agreement)
            {
                agreement[a.Labeler].Add(a);
            }
        }

        var scores = labelers.Select(l =>
        {
            var list = agreement[l];
            var (answers, passes) = goldRecord.GetValueOrDefault(l);
            var total = ObjectMatch.Sum(list.Select(a => a.Match));
            return new LabelerScore(
                l, answers, passes, reputation[l], weight[l], list.Count, total.Matched == 0 ? 0 : total.MeanIoU,
                total.Precision, total.Recall, list.Count == 0 ? 0 : list.Average(a => a.Match.Score), model.SkillOf(l));
        }).ToList();
        return (results, scores, model);
    }
}
