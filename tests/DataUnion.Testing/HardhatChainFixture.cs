using DataUnion.Chain;
using DataUnion.Chain.LocalChain;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace DataUnion.Testing;

/// <summary>
/// One Hardhat node per test assembly, started through the production launcher
/// (<c>deploy/local-chain.js</c>, so the contracts are deployed by the real pipeline). Tests that
/// change chain state take a snapshot and revert it (<see cref="SnapshotAsync"/>).
/// </summary>
public sealed class HardhatChainFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private LocalChainProcess? _chain;

    public string RpcUrl => Chain.RpcUrl;

    public string DeploymentRecordPath => Chain.RecordPath;

    public long ChainId => Chain.ChainId;

    private LocalChainProcess Chain => _chain ?? throw new InvalidOperationException("the chain has not started");

    public async Task InitializeAsync()
    {
        var project = HardhatProject.Locate(new LocalChainOptions { ProjectRoot = RepositoryPaths.Root });
        _chain = await LocalChainProcess.StartAsync(
            project, port: 0, _directory.Combine("chain"), TimeSpan.FromMinutes(3), NullLogger.Instance, CancellationToken.None);
    }

    /// <summary>Takes an EVM snapshot; disposing the result reverts the chain to it.</summary>
    public async Task<IAsyncDisposable> SnapshotAsync()
    {
        var id = (await JsonRpc.CallAsync(RpcUrl, "evm_snapshot")).GetString()!;
        return new Snapshot(RpcUrl, id);
    }

    public async Task DisposeAsync()
    {
        if (_chain is not null)
        {
            await _chain.DisposeAsync();
        }

        _directory.Dispose();
    }

    private sealed class Snapshot(string rpcUrl, string id) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await JsonRpc.CallAsync(rpcUrl, "evm_revert", id);
    }
}
