using System.Globalization;
using System.Text;
using DataUnion.Core.Fairness;
using static DataUnion.Cli.Fairness.ReportText;

namespace DataUnion.Cli.Fairness;

/// <summary>A fairness report as Markdown tables, for a README, an issue or a terminal.</summary>
internal static class ReportMarkdown
{
    public static string Render(FairnessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var composition = report.Composition;
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {Title(report)}").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{composition.Images:N0} images; figures describing fewer than k = {composition.MinContributors} contributors are withheld.").AppendLine();
        md.AppendLine("## Who the version represents").AppendLine();
        if (composition.LargestGaps.Count > 0)
        {
            md.AppendLine("Largest gaps from the target:").AppendLine();
            foreach (var gap in Gaps(composition))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {Cell(gap)}");
            }

            md.AppendLine();
        }

        foreach (var attribute in composition.Attributes)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"### {Cell(attribute.Name)}").AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"{Count(attribute.Answered)} images answered; target: {attribute.Target}.").AppendLine();
            md.AppendLine("| group | images | share | 95 % interval | target | gap |").AppendLine("|---|---|---|---|---|---|");
            foreach (var g in attribute.Groups)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(g.Value)} | {Count(g.Images)} | {Percent(g.Share)} | {Range(g.Interval, Percent)} | {Percent(g.Target)} | {Signed(g.Gap)} |");
            }

            md.AppendLine();
        }

        if (report.Evaluation is { } evaluation)
        {
            var overall = evaluation.Overall;
            md.AppendLine("## How the detector does for each group").AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"| | images | objects | predictions | AP50 | AP50:95 | recall at precision {Number(overall.Precision)} | AP50 95 % interval |").AppendLine("|---|---|---|---|---|---|---|---|");
            md.AppendLine(CultureInfo.InvariantCulture, $"| all images | {Row(overall)} | — |");
            foreach (var attribute in evaluation.Attributes)
            {
                foreach (var g in attribute.Groups)
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(attribute.Name)} = {Cell(g.Value)} | {Row(g.Score)} | {Range(g.Ap50Interval, Number)} |");
                }
            }

            md.AppendLine();
            foreach (var attribute in evaluation.Attributes)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {Cell(attribute.Name)}: {Disparity("AP50", attribute, s => s.Ap50, attribute.Ap50)}");
            }

            md.AppendLine();
        }

        md.AppendLine("## How these figures are made").AppendLine();
        foreach (var line in Method(report))
        {
            md.AppendLine(line).AppendLine();
        }

        return md.ToString();
    }

    private static string Row(DetectionScore s) =>
        string.Create(CultureInfo.InvariantCulture, $"{s.Images:N0} | {s.TruthObjects:N0} | {s.Predictions:N0} | {Number(s.Ap50)} | {Number(s.Ap5095)} | {Number(s.RecallAtPrecision)}");

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
