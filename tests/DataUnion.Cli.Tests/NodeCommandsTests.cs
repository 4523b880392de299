using System.Text.Json;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;

namespace DataUnion.Cli.Tests;

[Collection(HardhatChainCollection.Name)]
public sealed class NodeCommandsTests(HardhatChainFixture chain) : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Status_ReadyNode_PrintsEveryCheckAndExits0()
    {
        await using var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path));

        var run = await CliRun.InvokeAsync("node", "status", "--api", node.BaseUrl.ToString());

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(": Healthy", run.Output, StringComparison.Ordinal);
        foreach (var check in new[] { "database", "blockstore", "chain" })
        {
            Assert.Contains(check, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Status_Json_IsTheNodesReadinessReport()
    {
        await using var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path));

        var run = await CliRun.InvokeAsync("node", "status", "--json", "--api", node.BaseUrl.ToString());

        Assert.Equal(0, run.ExitCode);
        using var report = JsonDocument.Parse(run.Output);
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        Assert.True(report.RootElement.GetProperty("checks").TryGetProperty("chain", out _));
    }

    [Fact]
    public async Task Status_NothingListening_Exits1WithReason()
    {
        var api = $"http://127.0.0.1:{FreePort.Next()}/";

        var run = await CliRun.InvokeAsync("node", "status", "--api", api);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"the node at {api} did not answer /health/ready", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Info_DataDirectoryToken_PrintsChainDeployment()
    {
        await using var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path));

        var run = await CliRun.InvokeAsync("node", "info", "--api", node.BaseUrl.ToString(), "--data-dir", node.DataDirectory);

        Assert.Equal(0, run.ExitCode);
        using var info = JsonDocument.Parse(run.Output);
        Assert.Equal(31337, info.RootElement.GetProperty("chain").GetProperty("chainId").GetInt64());
    }

    [Fact]
    public async Task Info_WrongToken_Exits1WithTheNodesExplanation()
    {
        await using var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path));
        var tokenFile = _directory.Combine("wrong.token");
        await File.WriteAllTextAsync(tokenFile, "wrong-token-wrong-token-wrong-token-000\n");

        var run = await CliRun.InvokeAsync("node", "info", "--api", node.BaseUrl.ToString(), "--token-file", tokenFile);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("401", run.Error, StringComparison.Ordinal);
        Assert.Contains("Operator authentication required", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Info_TokenFileMissing_NamesTheFile()
    {
        var missing = _directory.Combine("nope.token");

        var run = await CliRun.InvokeAsync("node", "info", "--token-file", missing);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(missing, run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
