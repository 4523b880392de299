namespace DataUnion.Cli;

/// <summary>Where a command writes: text output, errors, and raw bytes (cat, dag export).</summary>
/// <param name="Out">Text output.</param>
/// <param name="Error">Errors and progress.</param>
/// <param name="StandardOutput">Binary output; standard output for the real program.</param>
/// <param name="ShowProgress">True when stderr is a terminal, so a progress bar helps rather than clutters.</param>
public sealed record CliConsole(TextWriter Out, TextWriter Error, Stream StandardOutput, bool ShowProgress)
{
    /// <summary>The process's own console.</summary>
    public static CliConsole System() =>
        new(Console.Out, Console.Error, Console.OpenStandardOutput(), !Console.IsErrorRedirected);
}
