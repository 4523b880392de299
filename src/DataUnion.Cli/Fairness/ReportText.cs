using System.Globalization;
using DataUnion.Core.Fairness;

namespace DataUnion.Cli.Fairness;

/// <summary>How the reports write figures and explain their method, shared by the HTML and Markdown forms.</summary>
internal static class ReportText
{
    public static string Percent(double? share) => share is double s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";

    public static string Number(double? value) => value is double v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    public static string Count(int? value) => value is int v ? v.ToString("N0", CultureInfo.InvariantCulture) : "withheld";

    public static string Range(Interval? interval, Func<double?, string> format) =>
        interval is { } i ? $"{format(i.Low)}–{format(i.High)}" : "—";

    public static string Signed(double? gap) =>
        gap is double g ? (g >= 0 ? "+" : "−") + Math.Abs(g * 100).ToString("0.0", CultureInfo.InvariantCulture) + " pp" : "—";

    public static string Title(FairnessReport report) => $"Fairness report: {report.Dataset}, version {report.VersionId}";

    public static IEnumerable<string> Gaps(Composition composition) => composition.LargestGaps.Select(g =>
        $"{g.Attribute} = {g.Value}: {Percent(g.Share)} of the answered images against a target of {Percent(g.Target)} ({Signed(g.Gap)})");

    public static string Disparity(string metric, AttributeEvaluation attribute, Func<DetectionScore, double?> value, Disparity d)
    {
        if (d.Worst is null)
        {
            return $"{metric}: fewer than two groups have objects, so there is no gap to measure.";
        }

        double? Of(string group) => value(attribute.Groups.Single(g => g.Value == group).Score);
        return $"{metric}: worst {d.Worst} ({Number(Of(d.Worst))}), best {d.Best} ({Number(Of(d.Best!))}); "
            + $"ratio worst/best {Number(d.Ratio)} (95 % interval {Range(d.RatioInterval, Number)}), difference {Number(d.Difference)} (95 % interval {Range(d.DifferenceInterval, Number)}).";
    }

    public static IEnumerable<string> Method(FairnessReport report)
    {
        yield return $"Only aggregates leave the node: a figure describing fewer than k = {report.Composition.MinContributors} contributors is withheld, and so is any figure from which a withheld one could be worked out by adding and subtracting totals.";
        yield return "Shares are of the images whose contributor answered the attribute; 95 % Wilson score intervals. Attributes are self-declared and optional; \"prefer-not-to-say\" and \"unanswered\" are counted, never targeted.";
        if (report.Evaluation is { } e)
        {
            yield return $"Detector figures follow COCO's evaluation (box IoU, every object size, at most 100 detections an image, 101-point interpolated precision): AP50 at IoU 0.5, AP50:95 averaged over IoU 0.50:0.05:0.95; recall is read where precision is still at least {Number(e.Overall.Precision)}.";
            yield return $"Intervals come from a percentile bootstrap over images ({e.Resamples} resamples, seed {e.Seed}; each resample's curve read at up to {e.Blocks} score blocks per category). A group's images are those whose contributor declared its value.";
        }
    }
}
