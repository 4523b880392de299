using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DataUnion.Chain.LocalChain;
using DataUnion.Core.Deployment;
using DataUnion.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataUnion.Chain.Tests.LocalChain;

[Collection(HardhatChainCollection.Name)]
public sealed class LocalChainProcessTests(HardhatChainFixture chain) : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static HardhatProject Project => HardhatProject.Locate(new LocalChainOptions { ProjectRoot = RepositoryPaths.Root });

    [Fact]
    public async Task StartAsync_DeploysThroughPipeline_RecordMatchesChain()
    {
        var record = DeploymentRecordParser.Parse(await File.ReadAllTextAsync(chain.DeploymentRecordPath));

        Assert.Equal(31337, chain.ChainId);
        Assert.Equal(chain.ChainId, record.ChainId);
        Assert.True(record.DeployBlock >= 1);
        foreach (var (name, artifact) in new[]
        {
            ("DataUnionToken", "contracts/token/DataUnionToken.sol:DataUnionToken"),
            ("DatasetMarket", "contracts/market/DatasetMarket.sol:DatasetMarket"),
            ("LabelerStaking", "contracts/staking/LabelerStaking.sol:LabelerStaking"),
        })
        {
            var contract = record.GetContract(name);
            var code = (await JsonRpc.CallAsync(chain.RpcUrl, "eth_getCode", contract.Address, "latest")).GetString();
            Assert.True(code!.Length > 2, $"the {name} address has no code");
            Assert.Equal(artifact, contract.Artifact);
        }
    }

    [Fact]
    public async Task DisposeAsync_RunningChain_StopsItAndFreesThePort()
    {
        var port = FreePort.Next();
        var local = await LocalChainProcess.StartAsync(Project, port, _directory.Combine("chain"), TimeSpan.FromMinutes(2), NullLogger.Instance, CancellationToken.None);
        Assert.True(local.IsRunning);

        await local.DisposeAsync();

        Assert.False(await AcceptsConnectionsAsync(port));
    }

    [Fact]
    public async Task StartAsync_PortInUse_FailsNamingThePort()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<ChainStartupException>(() =>
            LocalChainProcess.StartAsync(Project, port, _directory.Combine("chain"), TimeSpan.FromMinutes(2), NullLogger.Instance, CancellationToken.None));

        Assert.Contains("local chain did not start", error.Message, StringComparison.Ordinal);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_PortHeldByAnotherChain_DeploysNothingToIt()
    {
        var port = new Uri(chain.RpcUrl).Port;
        var before = (await JsonRpc.CallAsync(chain.RpcUrl, "eth_blockNumber")).GetString();

        var error = await Assert.ThrowsAsync<ChainStartupException>(() =>
            LocalChainProcess.StartAsync(Project, port, _directory.Combine("chain"), TimeSpan.FromMinutes(2), NullLogger.Instance, CancellationToken.None));

        Assert.Contains("EADDRINUSE", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await JsonRpc.CallAsync(chain.RpcUrl, "eth_blockNumber")).GetString());
    }

    [Fact]
    public async Task StartAsync_NodeExecutableMissing_SaysHowToInstall()
    {
        var project = Project with { NodeExecutable = _directory.Combine("no-such-node") };

        var error = await Assert.ThrowsAsync<ChainStartupException>(() =>
            LocalChainProcess.StartAsync(project, 0, _directory.Combine("chain"), TimeSpan.FromMinutes(1), NullLogger.Instance, CancellationToken.None));

        Assert.Contains("bootstrap.sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_StdinClosedAsWhenParentDies_StopsTheChain()
    {
        var port = FreePort.Next();
        var project = Project;
        var start = new ProcessStartInfo(project.NodeExecutable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = project.Root,
        };
        foreach (var arg in new[] { project.LocalChainScript, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--record", _directory.Combine("chain", "deployment.json") })
        {
            start.ArgumentList.Add(arg);
        }

        using var script = Process.Start(start)!;
        string? line;
        while ((line = await script.StandardOutput.ReadLineAsync()) is not null && !line.Contains("\"ready\"", StringComparison.Ordinal))
        {
        }

        Assert.NotNull(line);
        Assert.True(await AcceptsConnectionsAsync(port));

        // The kernel closes a dead parent's pipe ends exactly like this.
        script.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await script.WaitForExitAsync(deadline.Token);

        Assert.False(await AcceptsConnectionsAsync(port));
    }

    [Fact]
    public void Locate_FolderWithoutHardhatConfig_NamesTheFolder()
    {
        var error = Assert.Throws<ChainStartupException>(() =>
            HardhatProject.Locate(new LocalChainOptions { ProjectRoot = _directory.Path }));

        Assert.Contains(_directory.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("hardhat.config.js", error.Message, StringComparison.Ordinal);
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose() => _directory.Dispose();
}
