using System.Globalization;
using System.Net;
using System.Text;
using DataUnion.Core.Fairness;
using static DataUnion.Cli.Fairness.ReportText;

namespace DataUnion.Cli.Fairness;

/// <summary>A fairness report as one self-contained HTML page: inline styles and SVG charts, no script and nothing fetched.</summary>
internal static class ReportHtml
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
        h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ccc}h3{margin-top:1.6rem}
        table{border-collapse:collapse;margin:.6rem 0}th,td{padding:.25rem .6rem;border-bottom:1px solid #e3e3e3;text-align:right}
        th:first-child,td:first-child{text-align:left}.withheld{color:#888}.meta{color:#555}.legend{font-size:.85rem;color:#555}
        footer{margin-top:2.5rem;font-size:.85rem;color:#555}
        """;

    public static string Render(FairnessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var composition = report.Composition;
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>{E(Title(report))}</title><style>{Style}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(Title(report))}</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{composition.Images:N0} images · figures describing fewer than k = {composition.MinContributors} contributors are withheld</p>");

        html.Append("<h2>Who the version represents</h2>");
        if (composition.LargestGaps.Count > 0)
        {
            html.Append("<p>Largest gaps from the target:</p><ul>");
            foreach (var gap in Gaps(composition))
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{E(gap)}</li>");
            }

            html.Append("</ul>");
        }

        html.Append("<p class=\"legend\">Bars: share of the answered images, with its 95 % Wilson interval; red tick: the target share.</p>");
        foreach (var attribute in composition.Attributes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{E(attribute.Name)}</h3><p class=\"meta\">{E(Count(attribute.Answered))} images answered · target: {E(attribute.Target)}</p>");
            var bars = attribute.Groups.Where(g => g.Target is not null)
                .Select(g => new ChartBar(g.Value, g.Share, g.Interval?.Low, g.Interval?.High, g.Target, g.Share is null ? "withheld" : $"{Percent(g.Share)} ({Count(g.Images)})"))
                .ToList();
            html.Append(ReportSvg.BarChart($"Share of {attribute.Name} groups", bars));
            html.Append("<table><tr><th>group</th><th>images</th><th>share</th><th>95 % interval</th><th>target</th><th>gap</th></tr>");
            foreach (var g in attribute.Groups)
            {
                var css = g.Images is null ? " class=\"withheld\"" : string.Empty;
                html.Append(CultureInfo.InvariantCulture, $"<tr{css}><td>{E(g.Value)}</td><td>{E(Count(g.Images))}</td><td>{E(Percent(g.Share))}</td><td>{E(Range(g.Interval, Percent))}</td><td>{E(Percent(g.Target))}</td><td>{E(Signed(g.Gap))}</td></tr>");
            }

            html.Append("</table>");
        }

        if (composition.Pairs.Count > 0)
        {
            html.Append("<h2>Pairs of attributes</h2><p class=\"legend\">Images per pair of groups; withheld cells are blank.</p>");
            foreach (var pair in composition.Pairs)
            {
                var columns = pair.Cells.Select(c => c.Second).Distinct().ToList();
                html.Append(CultureInfo.InvariantCulture, $"<h3>{E(pair.First)} × {E(pair.Second)}</h3><table><tr><th></th>");
                foreach (var column in columns)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<th>{E(column)}</th>");
                }

                html.Append("</tr>");
                foreach (var row in pair.Cells.GroupBy(c => c.First))
                {
                    html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(row.Key)}</td>");
                    foreach (var cell in row)
                    {
                        html.Append(CultureInfo.InvariantCulture, $"<td>{(cell.Images is int n ? n.ToString("N0", CultureInfo.InvariantCulture) : string.Empty)}</td>");
                    }

                    html.Append("</tr>");
                }

                html.Append("</table>");
            }
        }

        if (report.Evaluation is { } evaluation)
        {
            AppendEvaluation(html, evaluation);
        }

        html.Append("<footer><h2>How these figures are made</h2>");
        foreach (var line in Method(report))
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(line)}</p>");
        }

        return html.Append("</footer></body></html>\n").ToString();
    }

    private static void AppendEvaluation(StringBuilder html, FairnessEvaluation evaluation)
    {
        var overall = evaluation.Overall;
        html.Append("<h2>How the detector does for each group</h2>");
        html.Append("<table><tr><th></th><th>images</th><th>objects</th><th>predictions</th><th>AP50</th><th>AP50:95</th>");
        html.Append(CultureInfo.InvariantCulture, $"<th>recall at precision {E(Number(overall.Precision))}</th><th>median matched IoU</th></tr>");
        html.Append(CultureInfo.InvariantCulture, $"<tr><td>all images</td>{Cells(overall)}</tr></table>");
        foreach (var attribute in evaluation.Attributes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{E(attribute.Name)}</h3>");
            var bars = attribute.Groups.Select(g => new ChartBar(g.Value, g.Score.Ap50, g.Ap50Interval?.Low, g.Ap50Interval?.High, null, $"AP50 {Number(g.Score.Ap50)}")).ToList();
            html.Append(ReportSvg.BarChart($"AP50 per {attribute.Name} group", bars));
            html.Append("<table><tr><th>group</th><th>images</th><th>objects</th><th>predictions</th><th>AP50</th><th>AP50:95</th><th>recall at precision</th><th>median matched IoU</th><th>AP50 95 % interval</th><th>AP50:95 95 % interval</th></tr>");
            foreach (var g in attribute.Groups)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(g.Value)}</td>{Cells(g.Score)}<td>{E(Range(g.Ap50Interval, Number))}</td><td>{E(Range(g.Ap5095Interval, Number))}</td></tr>");
            }

            html.Append("</table>");
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(Disparity("AP50", attribute, s => s.Ap50, attribute.Ap50))}</p>");
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(Disparity("AP50:95", attribute, s => s.Ap5095, attribute.Ap5095))}</p>");
        }
    }

    private static string Cells(DetectionScore s)
    {
        var median = s.MatchedIoU.Quantiles.Count > 2 ? s.MatchedIoU.Quantiles[2] : (double?)null;
        return string.Create(CultureInfo.InvariantCulture, $"<td>{s.Images:N0}</td><td>{s.TruthObjects:N0}</td><td>{s.Predictions:N0}</td><td>{E(Number(s.Ap50))}</td><td>{E(Number(s.Ap5095))}</td><td>{E(Number(s.RecallAtPrecision))}</td><td>{E(Number(median))}</td>");
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
