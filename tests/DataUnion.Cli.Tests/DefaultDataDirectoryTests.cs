using System.Text.Json;
using DataUnion.Core.Hosting;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;

namespace DataUnion.Cli.Tests;

/// <summary>
/// The node and the CLI agree on the data directory without being told: a node started with only
/// DATAUNION_DATA_DIR (as scripts/run.sh does) is found by <c>dataunion node info</c> with no
/// <c>--data-dir</c> and no token option. The variable is set for the process while the CLI runs;
/// every other test here names its data directory, which wins over the variable.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class DefaultDataDirectoryTests(HardhatChainFixture chain) : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task NodeInfo_NodeStartedWithTheDataDirectoryVariable_FindsItsTokenWithoutOptions()
    {
        var dataDirectory = _directory.Combine("union");
        var args = RunningNode.ArgsFor(chain, dataDirectory).Where(a => !a.StartsWith("--Node:DataDirectory=", StringComparison.Ordinal));
        await using var node = await RunningNode.StartAsync(args, environment: name => name == NodeDefaults.DataDirectoryVariable ? dataDirectory : null);
        var before = Environment.GetEnvironmentVariable(NodeDefaults.DataDirectoryVariable);
        Environment.SetEnvironmentVariable(NodeDefaults.DataDirectoryVariable, dataDirectory);
        CliRun run;
        try
        {
            run = await CliRun.InvokeAsync("node", "info", "--api", node.BaseUrl.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(NodeDefaults.DataDirectoryVariable, before);
        }

        Assert.Equal(dataDirectory, node.DataDirectory);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(dataDirectory, JsonDocument.Parse(run.Output).RootElement.GetProperty("dataDirectory").GetString());
    }

    public void Dispose() => _directory.Dispose();
}
