using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace DataUnion.Demo;

/// <summary>Two detectors' fairness reports of one version, group by group: which does better for whom.</summary>
internal static class Comparison
{
    public static (string Html, string Markdown) Render(IReadOnlyList<(string Name, JsonElement Report)> reports, IReadOnlyList<string> pages)
    {
        var markdown = new StringBuilder();
        var html = new StringBuilder();
        var (first, second) = (reports[0], reports[1]);
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Fairness demo: two face detectors</title><style>")
            .Append("body{font:15px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24}table{border-collapse:collapse;margin:.5rem 0 1.5rem}")
            .Append("th,td{border:1px solid #c9d1d9;padding:.3rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".note{background:#fff8c5;border:1px solid #d4a72c;padding:.6rem .9rem}.side{display:flex;gap:1rem}.side figure{flex:1;margin:0}.side iframe{width:100%;height:80vh;border:1px solid #c9d1d9}")
            .Append("</style></head><body><h1>Fairness demo: two face detectors on one version</h1>")
            .Append("<p class=\"note\"><strong>The attributes here are invented.</strong> face-api's six sample photos were given made-up groups ")
            .Append("(<code>inventedRegion</code>, <code>inventedAgeBand</code>) to show how the report reads; they say nothing about the people in them. ")
            .Append("Six photos are far too few to rank detectors: the intervals are wide.</p>");
        markdown.AppendLine("# Fairness demo: two face detectors on one version").AppendLine()
            .AppendLine("**The attributes are invented** (face-api's six sample photos given made-up groups); six photos are far too few to rank detectors.").AppendLine();

        // A row from each report's score (and, for a group, its intervals).
        void Row(string label, (JsonElement Score, JsonElement? Group) a, (JsonElement Score, JsonElement? Group) b)
        {
            var (a50, b50) = (Number(a.Score, "ap50"), Number(b.Score, "ap50"));
            var (a95, b95) = (Number(a.Score, "ap5095"), Number(b.Score, "ap5095"));
            var better = (a95, b95) switch
            {
                (double x, double y) when Math.Abs(x - y) < 0.005 => "even",
                (double x, double y) => x > y ? first.Name : second.Name,
                _ => "—",
            };
            string[] cells = [label, Shown(a50, Interval(a.Group, "ap50Interval")), Shown(b50, Interval(b.Group, "ap50Interval")), Shown(a95, Interval(a.Group, "ap5095Interval")), Shown(b95, Interval(b.Group, "ap5095Interval")), better];
            html.Append("<tr>").Append(string.Concat(cells.Select(c => $"<td>{WebUtility.HtmlEncode(c)}</td>"))).Append("</tr>");
            markdown.AppendLine("| " + string.Join(" | ", cells) + " |");
        }

        string[] header = ["group", $"AP50 {first.Name}", $"AP50 {second.Name}", $"AP50:95 {first.Name}", $"AP50:95 {second.Name}", "better at AP50:95"];
        void Header(string title)
        {
            html.Append("<h2>").Append(WebUtility.HtmlEncode(title)).Append("</h2><table><tr>").Append(string.Concat(header.Select(h => $"<th>{WebUtility.HtmlEncode(h)}</th>"))).Append("</tr>");
            markdown.AppendLine("## " + title).AppendLine().AppendLine("| " + string.Join(" | ", header) + " |").AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        }

        Header("All images");
        Row("all", (Overall(first.Report), null), (Overall(second.Report), null));
        html.Append("</table>");
        markdown.AppendLine();
        foreach (var attribute in first.Report.GetProperty("evaluation").GetProperty("attributes").EnumerateArray())
        {
            var name = attribute.GetProperty("name").GetString()!;
            var other = second.Report.GetProperty("evaluation").GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("name").GetString() == name);
            Header(name);
            foreach (var group in attribute.GetProperty("groups").EnumerateArray())
            {
                var value = group.GetProperty("value").GetString()!;
                var theirs = other.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("value").GetString() == value);
                Row($"{name} = {value}", (group.GetProperty("score"), group), (theirs.GetProperty("score"), theirs));
            }

            html.Append("</table>");
            markdown.AppendLine();
        }

        html.Append("<p>AP50 and AP50:95 as COCO computes them, with 95 % bootstrap intervals over images. The full reports, side by side:</p><div class=\"side\">");
        foreach (var (page, (name, _)) in pages.Zip(reports))
        {
            html.Append("<figure><figcaption><strong>").Append(WebUtility.HtmlEncode(name)).Append("</strong> (<a href=\"").Append(WebUtility.HtmlEncode(page)).Append("\">open</a>)</figcaption>")
                .Append("<iframe title=\"").Append(WebUtility.HtmlEncode(name)).Append("\" src=\"").Append(WebUtility.HtmlEncode(page)).Append("\"></iframe></figure>");
        }

        html.Append("</div></body></html>\n");
        return (html.ToString(), markdown.ToString());
    }

    private static JsonElement Overall(JsonElement report) => report.GetProperty("evaluation").GetProperty("overall");

    private static double? Number(JsonElement score, string name) =>
        score.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static (double Low, double High)? Interval(JsonElement? group, string name) =>
        group is { } g && g.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? (v.GetProperty("low").GetDouble(), v.GetProperty("high").GetDouble()) : null;

    private static string Shown(double? value, (double Low, double High)? interval) =>
        value is not double v ? "—"
        : interval is { } i ? string.Create(CultureInfo.InvariantCulture, $"{v:0.000} [{i.Low:0.000}, {i.High:0.000}]")
        : v.ToString("0.000", CultureInfo.InvariantCulture);
}
