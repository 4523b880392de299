namespace DataUnion.Cli;

/// <summary>A plain-text table: columns padded to their widest cell, so output lines up in any terminal and in logs.</summary>
internal static class TextTable
{
    public static async Task WriteAsync(TextWriter output, IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, bool header = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        var widths = headers.Select((h, i) => Math.Max(header ? h.Length : 0, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        if (header)
        {
            await output.WriteLineAsync(Line(headers, widths)).ConfigureAwait(false);
        }

        foreach (var row in rows)
        {
            await output.WriteLineAsync(Line(row, widths)).ConfigureAwait(false);
        }
    }

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
