using System.Numerics;
using DataUnion.Chain.Connection;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Indexing;
using DataUnion.Chain.Rpc;
using DataUnion.Chain.Storage;
using DataUnion.Core.Deployment;
using DataUnion.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Contracts;
using Staking = DataUnion.Chain.Contracts.LabelerStaking;

namespace DataUnion.Chain.Tests.Indexing;

/// <summary>The event indexer against the real Hardhat node, with real contract activity and a real LiteDB file.</summary>
[Collection(HardhatChainCollection.Name)]
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
        // The slash takes from the active stake first: 40 − 5.
        Assert.Equal(ChainActivity.Ether(35), stake.Active);
        Assert.Equal(await _activity.ActiveStakeOfAsync(labeler), stake.Active);
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
    public async Task Decode_EveryFollowedEventOnChain_AgreesWithNethereumsDecoding()
    {
        var price = ChainActivity.Ether(3);
        var (versionId, tree) = await _activity.PublishAsync(datasetId: 45, price);
        await _activity.FundAsync(ChainActivity.BuyerKey, ChainActivity.Ether(10));
        await _activity.PurchaseAsync(ChainActivity.BuyerKey, versionId, price);
        await _activity.ClaimAsync(versionId, tree, leaf: 0, ChainActivity.OperatorKey, shares: 3);
        await _activity.RetireAsync(versionId);
        await _activity.FundAsync(ChainActivity.LabelerKey, ChainActivity.Ether(10));
        await _activity.StakeAsync(ChainActivity.LabelerKey, ChainActivity.Ether(8));
        await _activity.RequestUnstakeAsync(ChainActivity.LabelerKey, ChainActivity.Ether(2));
        await _activity.SlashAsync(ChainActivity.LabelerKey, bps: 2500);
        await JsonRpc.CallAsync(chain.RpcUrl, "evm_increaseTime", 8 * 24 * 3600);
        await _activity.WithdrawAsync(ChainActivity.LabelerKey);
        var sut = new EventDecoder(_activity.Market, _activity.Staking);
        var web3 = new Nethereum.Web3.Web3(chain.RpcUrl);
        var head = (long)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        var logs = await web3.Eth.Filters.GetLogs.SendRequestAsync(new Nethereum.RPC.Eth.DTOs.NewFilterInput
        {
            Address = [_activity.Market, _activity.Staking],
            FromBlock = new Nethereum.RPC.Eth.DTOs.BlockParameter((ulong)_record.DeployBlock),
            ToBlock = new Nethereum.RPC.Eth.DTOs.BlockParameter((ulong)head),
            Topics = [sut.Topics.ToArray()],
        });
        // The indexer reads logs with its own JSON reader; it must see what Nethereum sees.
        var read = await TestRpc.For(chain.RpcUrl).LogsAsync(new LogQuery(_record.DeployBlock, head, [_activity.Market, _activity.Staking], [sut.Topics.ToArray()]), CancellationToken.None);

        var decoded = read.Select(sut.Decode).ToList();

        Assert.Equal(
            logs.Select(l => (l.Address.ToLowerInvariant(), string.Join(",", l.Topics), l.Data, (long)l.BlockNumber.Value, l.BlockHash, l.TransactionHash, (long)l.LogIndex.Value, l.Removed)),
            read.Select(l => (l.Address.ToLowerInvariant(), string.Join(",", l.Topics), l.Data, l.BlockNumber, l.BlockHash, l.TransactionHash, l.LogIndex, l.Removed)));

        Assert.Equal(Enum.GetValues<ChainEventKind>().Order(), decoded.Select(e => e.Kind).Distinct().Order());
        foreach (var (log, e) in logs.Zip(decoded))
        {
            var expected = NethereumView(log);
            Assert.Equal(expected, (e.VersionId, e.Account, e.Amount, string.Join(";", e.Fields.OrderBy(f => f.Key).Select(f => $"{f.Key}={f.Value}"))));
        }
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
        // Range 1 keeps a hash per block; 2 + the 16 newest are kept, and the fork is 24 blocks down.
        var options = new IndexerOptions { ReorgDepth = 2, InitialRange = 1, MaxRange = 1 };
        var fork = (await JsonRpc.CallAsync(chain.RpcUrl, "evm_snapshot")).GetString()!;
        for (var i = 0; i < 4; i++)
        {
            await _activity.PublishAsync(datasetId: 50 + i, ChainActivity.Ether(1));
        }

        await JsonRpc.CallAsync(chain.RpcUrl, "hardhat_mine", "0x14");
        var sut = CreateSut(options);
        await sut.CatchUpAsync(CancellationToken.None);
        var before = sut.Store.Count();
        await JsonRpc.CallAsync(chain.RpcUrl, "evm_revert", fork);
        await _activity.PublishAsync(datasetId: 60, ChainActivity.Ether(1));
        await JsonRpc.CallAsync(chain.RpcUrl, "hardhat_mine", "0x20");

        var first = await sut.SyncOnceAsync(CancellationToken.None);
        await sut.CatchUpAsync(CancellationToken.None);
        var after = sut.Store.Versions().Select(v => (long)v.DatasetId).ToList();

        Assert.Equal(before, first.RolledBack);
        Assert.DoesNotContain(after, d => d is >= 50 and < 54);
        Assert.Contains(60, after);
    }

    [Fact]
    public async Task Sync_ProviderRefusesTheRange_HalvesItAndIndexesEverything()
    {
        await _activity.PublishAsync(datasetId: 43, ChainActivity.Ether(1));
        await JsonRpc.CallAsync(chain.RpcUrl, "hardhat_mine", "0x80");
        await using var proxy = RpcProxy.Start(chain.RpcUrl);
        // One read at a time, so the faults meet the ranges in a known order.
        var sut = CreateSut(new IndexerOptions { InitialRange = 64, MaxRange = 64, ReadsInFlight = 1 }, proxy.Url);
        var start = sut.LastBlock;
        proxy.Fail("eth_getLogs", RpcFault.TooManyResults);
        proxy.Fail("eth_getLogs", RpcFault.Garbage, count: 3);

        var first = await sut.SyncOnceAsync(CancellationToken.None);

        // 64 blocks refused, then 32 unanswered: the first range committed was 16 blocks (its last
        // block's hash is kept), and the pass still reached the head.
        var kept = sut.Store.RecentBlocks().Select(b => b.Number).ToList();
        Assert.Contains(start + 16, kept);
        Assert.DoesNotContain(start + 64, kept);
        Assert.True(first.CaughtUp);
        Assert.Contains(43, sut.Store.Versions().Select(v => (long)v.DatasetId));
    }

    [Fact]
    public async Task Sync_TwoLogsAtOnePositionFromAReorgDuringTheRead_EndsThePassQuietly_AndTheNextIndexesEverything()
    {
        await _activity.PublishAsync(datasetId: 46, ChainActivity.Ether(1));
        await using var proxy = RpcProxy.Start(chain.RpcUrl);
        var sut = CreateSut(new IndexerOptions { InitialRange = 100_000, MaxRange = 100_000, ReadsInFlight = 1 }, proxy.Url);
        var start = sut.LastBlock;
        proxy.Fail("eth_getLogs", RpcFault.ReorgedLogs);

        var moved = await sut.SyncOnceAsync(CancellationToken.None);
        var caughtUp = await sut.SyncOnceAsync(CancellationToken.None);

        Assert.False(moved.CaughtUp);
        Assert.True(caughtUp.CaughtUp);
        Assert.Contains(46, sut.Store.Versions().Select(v => (long)v.DatasetId));
        Assert.True(sut.LastBlock > start);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Sync_ReadFailsMidPass_CommitsTheRangesReadBeforeItInOrderAndThrows(int readsInFlight)
    {
        await _activity.PublishAsync(datasetId: 45, ChainActivity.Ether(1));
        await JsonRpc.CallAsync(chain.RpcUrl, "hardhat_mine", "0x8");
        await using var proxy = RpcProxy.Start(chain.RpcUrl);
        var sut = CreateSut(new IndexerOptions { InitialRange = 1, MaxRange = 1, ReadsInFlight = readsInFlight }, proxy.Url);
        var start = sut.LastBlock;
        proxy.Fail("eth_getLogs", RpcFault.None, count: 3);
        // Every try of the fourth range fails, and of the fifth when it was asked ahead.
        proxy.Fail("eth_getLogs", RpcFault.Garbage, count: 3 * readsInFlight);

        var error = await Assert.ThrowsAsync<ChainRpcException>(() => sut.SyncOnceAsync(CancellationToken.None));
        var afterFailure = sut.LastBlock;
        await sut.CatchUpAsync(CancellationToken.None);

        Assert.Contains("eth_getLogs", error.Message, StringComparison.Ordinal);
        // With two reads in flight the proxy may see the fourth range's request before the third's,
        // and then the third range is the one that fails: either way, every range before the
        // failed one is committed, in order, and nothing after it.
        var committed = readsInFlight == 1 ? [start + 3] : new[] { start + 2, start + 3 };
        Assert.Contains(afterFailure, committed);
        Assert.Equal(
            Enumerable.Range(1, (int)(afterFailure - start)).Select(i => start + i).Reverse(),
            sut.Store.RecentBlocks().Where(b => b.Number <= afterFailure && b.Number > start).Select(b => b.Number));
        Assert.Contains(45, sut.Store.Versions().Select(v => (long)v.DatasetId));
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

    /// <summary>The same fields as <see cref="EventDecoder"/> gives, read with Nethereum's decoder and the generated event types.</summary>
    private static (BigInteger?, string?, BigInteger?, string) NethereumView(Nethereum.RPC.Eth.DTOs.FilterLog log)
    {
        static string Hex(byte[] b) => "0x" + Convert.ToHexStringLower(b);
        static string Fields(params (string Key, object Value)[] f) => string.Join(";", f.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key}={x.Value.ToString()!.ToLowerInvariant()}"));
        if (log.IsLogForEvent<VersionPublishedEventDTO>())
        {
            var e = log.DecodeEvent<VersionPublishedEventDTO>().Event;
            return (e.VersionId, e.Token.ToLowerInvariant(), e.Price, Fields(("datasetId", e.DatasetId), ("feeBps", e.FeeBps), ("imagesRoot", Hex(e.ImagesRoot)), ("manifestCid", Hex(e.ManifestCid)), ("sharesRoot", Hex(e.SharesRoot)), ("totalShares", e.TotalShares)));
        }

        if (log.IsLogForEvent<VersionRetiredEventDTO>())
        {
            return (log.DecodeEvent<VersionRetiredEventDTO>().Event.VersionId, null, null, string.Empty);
        }

        if (log.IsLogForEvent<PurchasedEventDTO>())
        {
            var e = log.DecodeEvent<PurchasedEventDTO>().Event;
            return (e.VersionId, e.Buyer.ToLowerInvariant(), e.Price, Fields(("fee", e.Fee)));
        }

        if (log.IsLogForEvent<ClaimedEventDTO>())
        {
            var e = log.DecodeEvent<ClaimedEventDTO>().Event;
            return (e.VersionId, e.Account.ToLowerInvariant(), e.Amount, Fields(("recipient", e.Recipient)));
        }

        if (log.IsLogForEvent<Staking.StakedEventDTO>())
        {
            var e = log.DecodeEvent<Staking.StakedEventDTO>().Event;
            return (null, e.Labeler.ToLowerInvariant(), e.Amount, Fields(("active", e.Active)));
        }

        if (log.IsLogForEvent<Staking.UnstakeRequestedEventDTO>())
        {
            var e = log.DecodeEvent<Staking.UnstakeRequestedEventDTO>().Event;
            return (null, e.Labeler.ToLowerInvariant(), e.Amount, Fields(("unlockAt", e.UnlockAt)));
        }

        if (log.IsLogForEvent<Staking.UnstakedEventDTO>())
        {
            var e = log.DecodeEvent<Staking.UnstakedEventDTO>().Event;
            return (null, e.Labeler.ToLowerInvariant(), e.Amount, string.Empty);
        }

        var s = log.DecodeEvent<Staking.SlashedEventDTO>().Event;
        return (null, s.Labeler.ToLowerInvariant(), s.Amount, Fields(("bps", s.Bps), ("reasonHash", Hex(s.ReasonHash)), ("slasher", s.Slasher)));
    }

    private ChainIndexer CreateSut(IndexerOptions? options = null, string? rpcUrl = null)
    {
        var url = rpcUrl ?? chain.RpcUrl;
        var rpc = TestRpc.For(url);
        return new ChainIndexer(
            rpc, new ChainEventStore(_database!), _record.GetContract("DatasetMarket").Address, _record.GetContract("LabelerStaking").Address,
            _record.DeployBlock, options ?? new IndexerOptions(), NullLogger.Instance);
    }
}
