using System.Globalization;
using System.Net;
using System.Text;

namespace DataUnion.Cli.Fairness;

/// <summary>One bar of a chart: a value in [0, 1] with its interval and, where there is one, a target.</summary>
internal sealed record ChartBar(string Label, double? Value, double? Low, double? High, double? Target, string Text);

/// <summary>Horizontal bar charts as inline SVG, so a report needs no script, font or file besides itself.</summary>
internal static class ReportSvg
{
    private const int LabelWidth = 190;
    private const int PlotWidth = 380;
    private const int TextWidth = 170;
    private const int Row = 24;

    public static string BarChart(string title, IReadOnlyList<ChartBar> bars)
    {
        var height = (bars.Count * Row) + 30;
        var width = LabelWidth + PlotWidth + TextWidth;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\"><title>{WebUtility.HtmlEncode(title)}</title>");
        for (var tick = 0; tick <= 4; tick++)
        {
            var x = X(tick / 4.0);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.#}\" y1=\"0\" x2=\"{x:0.#}\" y2=\"{height - 22}\" stroke=\"#ddd\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{height - 8}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">{tick * 25}%</text>");
        }

        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = i * Row;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 8}\" y=\"{y + 16}\" font-size=\"12\" text-anchor=\"end\">{WebUtility.HtmlEncode(bar.Label)}</text>");
            if (bar.Value is double value)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y + 5}\" width=\"{X(value) - LabelWidth:0.#}\" height=\"14\" fill=\"#4c78a8\"/>");
            }

            if (bar.Low is double low && bar.High is double high)
            {
                var middle = y + 12;
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(low):0.#}\" y1=\"{middle}\" x2=\"{X(high):0.#}\" y2=\"{middle}\" stroke=\"#222\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(low):0.#}\" y1=\"{middle - 4}\" x2=\"{X(low):0.#}\" y2=\"{middle + 4}\" stroke=\"#222\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(high):0.#}\" y1=\"{middle - 4}\" x2=\"{X(high):0.#}\" y2=\"{middle + 4}\" stroke=\"#222\"/>");
            }

            if (bar.Target is double target)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(target):0.#}\" y1=\"{y + 2}\" x2=\"{X(target):0.#}\" y2=\"{y + 22}\" stroke=\"#e45756\" stroke-width=\"2\"/>");
            }

            var fill = bar.Value is null ? "#888" : "#222";
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + PlotWidth + 8}\" y=\"{y + 16}\" font-size=\"12\" fill=\"{fill}\">{WebUtility.HtmlEncode(bar.Text)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static double X(double value) => LabelWidth + (Math.Clamp(value, 0, 1) * PlotWidth);
}
