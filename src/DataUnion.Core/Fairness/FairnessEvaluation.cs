namespace DataUnion.Core.Fairness;

/// <summary>How a detector does on a version, overall and for each published group of each attribute.</summary>
/// <param name="Overall">Over every image.</param>
/// <param name="Attributes">Per attribute, its published groups and the gap between them.</param>
/// <param name="Resamples">Bootstrap resamples behind the intervals.</param>
/// <param name="Seed">Their seed.</param>
/// <param name="Blocks">Score blocks a resample's curve is read at, at most.</param>
public sealed record FairnessEvaluation(DetectionScore Overall, IReadOnlyList<AttributeEvaluation> Attributes, int Resamples, int Seed, int Blocks)
{
    /// <summary>Scores every group and bootstraps the intervals.</summary>
    /// <param name="matches">The detector's predictions matched to the version's objects.</param>
    /// <param name="groupings">Per attribute, its published groups and each image's.</param>
    /// <param name="precision">The precision recall is read at.</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    /// <param name="seed">Their seed.</param>
    /// <param name="blocks">Score blocks per category in a resample, at most.</param>
    public static FairnessEvaluation Evaluate(DetectionMatches matches, IReadOnlyList<ImageGrouping> groupings, double precision, int resamples, int seed, int blocks = DetectionMatches.DefaultBlocks)
    {
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(groupings);
        var everyone = new int[matches.ImageIds.Count];
        Array.Fill(everyone, 1);
        var overall = matches.Score(everyone, precision);
        var weights = new int[everyone.Length];
        var scores = groupings.Select(grouping => Enumerable.Range(0, grouping.Groups.Count).Select(g =>
        {
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = grouping.GroupOfImage[i] == g ? 1 : 0;
            }

            return matches.Score(weights, precision);
        }).ToList()).ToList();
        var flat = scores.SelectMany(s => s).ToList();
        var intervals = matches.BootstrapAround(groupings, [.. flat.Select(s => s.Ap50 ?? double.NaN)], [.. flat.Select(s => s.Ap5095 ?? double.NaN)], resamples, seed, 0.95, blocks);
        var attributes = new List<AttributeEvaluation>();
        for (var a = 0; a < groupings.Count; a++)
        {
            var grouping = groupings[a];
            var groups = new List<GroupEvaluation>();
            for (var g = 0; g < grouping.Groups.Count; g++)
            {
                groups.Add(new GroupEvaluation(grouping.Groups[g], scores[a][g], intervals.Attributes[a].Ap50[g], intervals.Attributes[a].Ap5095[g]));
            }

            var bootstrap = intervals.Attributes[a];
            attributes.Add(new AttributeEvaluation(
                grouping.Name,
                groups,
                Disparity.Of(groups, s => s.Ap50, bootstrap.Ap50Ratio, bootstrap.Ap50Difference),
                Disparity.Of(groups, s => s.Ap5095, bootstrap.Ap5095Ratio, bootstrap.Ap5095Difference)));
        }

        return new FairnessEvaluation(overall, attributes, resamples, seed, blocks);
    }
}

/// <summary>One attribute's groups and the gap between the best and the worst.</summary>
/// <param name="Name">The attribute.</param>
/// <param name="Groups">Its published groups.</param>
/// <param name="Ap50">The gap in AP50.</param>
/// <param name="Ap5095">The gap in AP50:95.</param>
public sealed record AttributeEvaluation(string Name, IReadOnlyList<GroupEvaluation> Groups, Disparity Ap50, Disparity Ap5095);

/// <summary>How the detector does for one group.</summary>
/// <param name="Value">The group.</param>
/// <param name="Score">Its figures.</param>
/// <param name="Ap50Interval">95 % bootstrap interval of its AP50.</param>
/// <param name="Ap5095Interval">95 % bootstrap interval of its AP50:95.</param>
public sealed record GroupEvaluation(string Value, DetectionScore Score, Interval? Ap50Interval, Interval? Ap5095Interval);

/// <summary>The gap between an attribute's best and worst group in one metric.</summary>
/// <param name="Worst">The group the detector does worst for.</param>
/// <param name="Best">The group it does best for.</param>
/// <param name="Ratio">Worst over best (1 is parity).</param>
/// <param name="Difference">Best minus worst (0 is parity).</param>
/// <param name="RatioInterval">95 % bootstrap interval of the ratio.</param>
/// <param name="DifferenceInterval">95 % bootstrap interval of the difference.</param>
public sealed record Disparity(string? Worst, string? Best, double? Ratio, double? Difference, Interval? RatioInterval, Interval? DifferenceInterval)
{
    internal static Disparity Of(IReadOnlyList<GroupEvaluation> groups, Func<DetectionScore, double?> metric, Interval? ratio, Interval? difference)
    {
        var scored = groups.Where(g => metric(g.Score) is not null).ToList();
        if (scored.Count < 2)
        {
            return new Disparity(null, null, null, null, null, null);
        }

        var worst = scored.MinBy(g => metric(g.Score)!.Value)!;
        var best = scored.MaxBy(g => metric(g.Score)!.Value)!;
        var (low, high) = (metric(worst.Score)!.Value, metric(best.Score)!.Value);
        return new Disparity(worst.Value, best.Value, high > 0 ? low / high : null, high - low, ratio, difference);
    }
}
