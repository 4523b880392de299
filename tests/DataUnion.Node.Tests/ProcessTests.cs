using DataUnion.Node.Hosting;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;

namespace DataUnion.Node.Tests;

/// <summary>The daemon binary: exit codes and signals, as an operator or a service manager sees them.</summary>
[Collection(HardhatChainCollection.Name)]
public sealed class ProcessTests(HardhatChainFixture chain) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Process_BadSetting_ExitsWithCode2AndNamesTheSetting()
    {
        var args = RunningNode.ArgsFor(chain, _directory.Combine("node"));
        args.Add("--Http:Port=99999");
        using var node = NodeProcess.Start(args);

        var exitCode = await node.WaitForExitAsync(Patience);

        Assert.Equal(StartupFailure.ExitCode, exitCode);
        Assert.Contains("Http:Port must be 0 (any free port) or 1-65535", node.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_SigTerm_FinishesGracefullyWithCode0()
    {
        var args = RunningNode.ArgsFor(chain, _directory.Path);
        args.Remove("--Serilog:MinimumLevel:Default=Warning");
        using var node = NodeProcess.Start(args, waitFor: "Now listening on");
        await node.WaitForLineAsync(Patience);

        node.Terminate();
        var exitCode = await node.WaitForExitAsync(Patience);

        Assert.Equal(0, exitCode);
        Assert.Contains("Application is shutting down", node.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory.Path, "node-log.db")));
    }

    public void Dispose() => _directory.Dispose();
}
