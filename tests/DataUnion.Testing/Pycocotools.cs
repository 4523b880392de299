using System.Diagnostics;
using Xunit;

namespace DataUnion.Testing;

/// <summary>
/// COCO's reference evaluation, pycocotools, in the Python environment the bootstrap installs
/// (<c>.tools/python</c>), or the Python named by <c>DATAUNION_PYCOCOTOOLS_PYTHON</c>.
/// </summary>
public static class Pycocotools
{
    private static readonly Lazy<string?> Missing = new(Check);

    /// <summary>The Python that has pycocotools.</summary>
    public static string Python { get; } =
        Environment.GetEnvironmentVariable("DATAUNION_PYCOCOTOOLS_PYTHON") is { Length: > 0 } named
            ? named
            : Path.Combine(RepositoryPaths.Root, ".tools", "python", "bin", "python3");

    /// <summary>Why the reference cannot run here, or null when it can.</summary>
    public static string? Unavailable => Missing.Value;

    /// <summary>Runs <c>tests/reference/cocoeval.py</c> on <paramref name="input"/> and returns what it prints.</summary>
    public static async Task<string> EvaluateAsync(string input, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Python)
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "tests", "reference", "cocoeval.py"));
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"cocoeval.py exited {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }

    private static string? Check()
    {
        if (!File.Exists(Python))
        {
            return $"pycocotools is not installed: no {Python} (the bootstrap installs it from PyPI, which this machine cannot reach)";
        }

        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import pycocotools.coco, pycocotools.cocoeval");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"{Python} cannot import pycocotools: {error.Trim()}";
    }
}

/// <summary>A test against pycocotools: skipped, with the reason, where the reference is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PycocotoolsFactAttribute : FactAttribute
{
    /// <summary>Skips the test when pycocotools cannot run.</summary>
    public PycocotoolsFactAttribute()
    {
        if (Pycocotools.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
