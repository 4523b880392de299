using System.Numerics;
using DataUnion.Chain.Connection;
using DataUnion.Chain.Indexing;
using DataUnion.Chain.Rpc;
using DataUnion.Chain.Storage;
using DataUnion.Core.Deployment;
using DataUnion.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataUnion.Chain.Tests.Indexing;

/// <summary>The event indexer against the real Hardhat node, with real contract activity and a real LiteDB file.</summary>
[Collection(ChainCollection.Name)]
public sealed class ChainIndexerTests(HardhatChainFixture chain) : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private IAsyncDisposable? _snapshot;
    private ChainDatabase? _database;
    private DeploymentRecord _record = null!;
    private ChainActivity _activity = null!;

    public async Task InitializeAsync()
    {
        _snapshot = await chain.SnapshotAsync();
        _record = DeploymentRecordParser.Parse(await File.ReadAllTextAsync(chain.DeploymentRecordPath));
        _activity = new ChainActivity(chain.RpcUrl, chain.ChainId, _record);
        _database = ChainDatabase.Open(_directory.Combine("chain.db"));
    }

    public async Task DisposeAsync()
    {
        _database?.Dispose();
        await _snapshot!.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task CatchUp_AfterMarketAndStakingActivity_AnswersEveryQuery()
    {
        var price = ChainActivity.Ether(10);
        var (versionId, tree) = await _activity.PublishAsync(datasetId: 40, price);
        await _activity.FundAsync(ChainActivity.BuyerKey, ChainActivity.Ether(100));
        await _activity.PurchaseAsync(ChainActivity.BuyerKey, versionId, price);
        await _activity.ClaimAsync(versionId, tree, leaf: 1, ChainActivity.LabelerKey, shares: 1);
        await _activity.FundAsync(ChainActivity.LabelerKey, ChainActivity.Ether(100));
        await _activity.StakeAsync(ChainActivity.LabelerKey, ChainActivity.Ether(50));
        await _activity.RequestUnstakeAsync(ChainActivity.LabelerKey, ChainActivity.Ether(10));
        await _activity.SlashAsync(ChainActivity.LabelerKey, bps: 1000);
        var sut = CreateSut();

        await sut.CatchUpAsync(CancellationToken.None);

        var buyer = _activity.AddressOf(ChainActivity.BuyerKey);
        var labeler = _activity.AddressOf(ChainActivity.LabelerKey);
        var purchase = Assert.Single(sut.Store.Purchases(buyer: buyer));
        Assert.Equal(versionId, purchase.VersionId);
        Assert.Equal(price, purchase.Amount);
        Assert.Equal((price * 250 / 10_000).ToString(), purchase.Fields["fee"]);
        Assert.Equal(purchase.TransactionHash, Assert.Single(sut.Store.Purchases(versionId: versionId)).TransactionHash);
        // 2.5 % fee, then one of four shares.
        var claim = Assert.Single(sut.Store.Claims(labeler));
        Assert.Equal(price * 9_750 / 10_000 / 4, claim.Amount);
        var stake = sut.Store.Stake(labeler);
        Assert.Equal(ChainActivity.Ether(50), stake.Staked);
        Assert.Equal(ChainActivity.Ether(10), stake.UnstakeRequested);
        Assert.Equal(ChainActivity.Ether(5), stake.Slashed); // 10 % of the 50 staked, active and cooling down together
        Assert.Equal(ChainActivity.Ether(50) - stake.Slashed, stake.Held);
        Assert.Equal([ChainEventKind.Staked, ChainEventKind.UnstakeRequested, ChainEventKind.Slashed], stake.Events.Select(e => e.Kind));
        var version = Assert.Single(sut.Store.Versions(), v => v.VersionId == versionId);
        Assert.Equal(40, version.DatasetId);
        Assert.Equal(1, version.Purchases);
        Assert.Equal(price, version.Revenue);
        Assert.Equal(claim.Amount, version.Claimed);
        Assert.Null(version.Retired);
        Assert.Equal("0x" + Convert.ToHexStringLower(tree.Root), version.Published.Fields["sharesRoot"]);
    }

    [Fact]
    public async Task Sync_AfterAReorg_RollsBackAndIndexesTheNewBranch()
    {
        var fork = (await JsonRpc.CallAsync(chain.RpcUrl, "evm_snapshot")).GetString()!;
        await _activity.PublishAsync(datasetId: 41, ChainActivity.Ether(1));
        var sut = CreateSut();
        await sut.CatchUpAsync(CancellationToken.None);
        var before = sut.Store.Versions().Select(v => (long)v.DatasetId).ToList();

        await JsonRpc.CallAsync(chain.RpcUrl, "evm_revert", fork);
        await _activity.PublishAsync(datasetId: 42, ChainActivity.Ether(1));
        await JsonRpc.CallAsync(chain.RpcUrl, "hardhat_mine", "0x3");
        var pass = await sut.SyncOnceAsync(CancellationToken.None);
        await sut.CatchUpAsync(CancellationToken.None);
        var after = sut.Store.Versions().Select(v => (long)v.DatasetId).ToList();

        Assert.Contains(41, before);
        Assert.NotNull(pass.RolledBack);
        Assert.True(pass.RolledBack >= 1);
        Assert.DoesNotContain(41, after);
        Assert.Contains(42, after);
    }

    [Fact]
    public async Task Sync_ReorgDeeperThanTheKeptHashes_IndexesAgainFromTheDeployBlock()
    {
        var options = new IndexerOptions { ReorgDepth = 2, InitialRange = 1, MaxRange = 1 };
        var fork = (await JsonRpc.CallAsync(chain.RpcUrl, "evm_snapshot")).GetString()!;
        for (var i = 0; i < 4; i++)
        {
            await _activity.PublishAsync(datasetId: 50 + i, ChainActivity.Ether(1));
        }

        var sut = CreateSut(options);
        await sut.CatchUpAsync(CancellationToken.None);
        await JsonRpc.CallAsync(chain.RpcUrl, "evm_revert", fork);
        await _activity.PublishAsync(datasetId: 60, ChainActivity.Ether(1));
        await JsonRpc.CallAsync(chain.RpcUrl, "hardhat_mine", "0x8");

        await sut.CatchUpAsync(CancellationToken.None);
        var after = sut.Store.Versions().Select(v => (long)v.DatasetId).ToList();

        Assert.DoesNotContain(after, d => d is >= 50 and < 54);
        Assert.Contains(60, after);
    }

    [Fact]
    public async Task Sync_ProviderRefusesTheRange_HalvesItAndIndexesEverything()
    {
        await _activity.PublishAsync(datasetId: 43, ChainActivity.Ether(1));
        await JsonRpc.CallAsync(chain.RpcUrl, "hardhat_mine", "0x80");
        await using var proxy = RpcProxy.Start(chain.RpcUrl);
        var sut = CreateSut(new IndexerOptions { InitialRange = 64, MaxRange = 64 }, proxy.Url);
        var start = sut.LastBlock;
        proxy.Fail("eth_getLogs", RpcFault.TooManyResults);
        proxy.Fail("eth_getLogs", RpcFault.Garbage, count: 3);

        var first = await sut.SyncOnceAsync(CancellationToken.None);
        await sut.CatchUpAsync(CancellationToken.None);

        Assert.Equal(start + 16, first.LastBlock);
        Assert.Contains(43, sut.Store.Versions().Select(v => (long)v.DatasetId));
    }

    [Fact]
    public async Task CatchUp_AfterARestart_ContinuesFromItsCheckpointWithoutDuplicates()
    {
        await _activity.PublishAsync(datasetId: 44, ChainActivity.Ether(1));
        var first = CreateSut();
        var indexed = await first.CatchUpAsync(CancellationToken.None);
        var last = first.LastBlock;

        _database!.Dispose();
        _database = ChainDatabase.Open(_directory.Combine("chain.db"));
        var second = CreateSut();
        var again = await second.CatchUpAsync(CancellationToken.None);

        Assert.True(indexed >= 1);
        Assert.Equal(last, second.LastBlock);
        Assert.Equal(0, again);
        Assert.Equal(indexed, second.Store.Count());
    }

    private ChainIndexer CreateSut(IndexerOptions? options = null, string? rpcUrl = null)
    {
        var url = rpcUrl ?? chain.RpcUrl;
        var rpc = new ChainRpc(ChainConnection.CreateWeb3(url, TimeSpan.FromSeconds(5)), url, attempts: 3, TimeSpan.FromMilliseconds(10), TimeProvider.System);
        return new ChainIndexer(
            rpc, new ChainEventStore(_database!), _record.GetContract("DatasetMarket").Address, _record.GetContract("LabelerStaking").Address,
            _record.DeployBlock, options ?? new IndexerOptions(), NullLogger.Instance);
    }
}
