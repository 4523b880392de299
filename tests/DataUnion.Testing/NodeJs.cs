using System.Diagnostics;
using DataUnion.Chain;
using DataUnion.Chain.LocalChain;

namespace DataUnion.Testing;

/// <summary>Runs the project's Node.js 22 on reference scripts from the npm packages.</summary>
public static class NodeJs
{
    /// <summary>The Node.js executable the bootstrap installed.</summary>
    public static string Executable { get; } =
        HardhatProject.Locate(new LocalChainOptions { ProjectRoot = RepositoryPaths.Root }).NodeExecutable;

    /// <summary>Runs <paramref name="script"/> (relative to the repository) and returns its stdout; throws with stderr on failure.</summary>
    public static async Task<string> RunAsync(string script, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} exited {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }
}
