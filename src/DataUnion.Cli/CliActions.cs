using System.Text.Json;

namespace DataUnion.Cli;

/// <summary>What every command does around its work: expected failures become <c>dataunion: …</c> and exit 1; JSON is printed indented.</summary>
internal static class CliActions
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Runs <paramref name="action"/>, turning expected failures into <c>dataunion: …</c> and exit 1.</summary>
    public static async Task<int> RunAsync(CliConsole console, Func<Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is CliFailureException or IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            await console.Error.WriteLineAsync($"dataunion: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>Writes <paramref name="value"/> as indented JSON.</summary>
    public static Task WriteJsonAsync(TextWriter output, JsonElement value) =>
        output.WriteLineAsync(JsonSerializer.Serialize(value, Indented));
}
