using DataUnion.Chain.Outbox;
using DataUnion.Testing;
using Nethereum.Web3.Accounts;

namespace DataUnion.Chain.Tests.Outbox;

/// <summary>
/// The outbox when the chain does not simply mine what it is sent: a stuck transaction, a
/// dropped one, a nonce gap and a reorg. Automining is switched off where the test needs a mempool.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class OutboxRecoveryTests(HardhatChainFixture chain)
{
    [Fact]
    public async Task Track_TransactionNotMinedInTime_IsReplacedWithHigherFeesAndMinedOnce()
    {
        await using var harness = await OutboxHarness.StartAsync(chain);
        await harness.RpcAsync("evm_setAutomine", false);
        var options = OutboxHarness.Fast();
        options.ResendAfter = TimeSpan.FromMilliseconds(100);
        var sut = harness.CreateSut(options);
        var call = harness.Publish(20, nameof(Track_TransactionNotMinedInTime_IsReplacedWithHigherFeesAndMinedOnce));
        sut.Enqueue(MarketIntents.PublishVersion("publish-20", harness.Market, call));

        await sut.ProcessAsync(CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromMilliseconds(150));
        await sut.ProcessAsync(CancellationToken.None);
        var bumped = sut.Find("publish-20")!;
        await harness.RpcAsync("evm_mine");
        var done = await harness.RunUntilFinishedAsync(sut, "publish-20");

        Assert.Equal(2, bumped.Transactions.Count);
        Assert.True(bumped.Transactions[1].MaxPriorityFeePerGas * 100 >= bumped.Transactions[0].MaxPriorityFeePerGas * 115);
        Assert.True(bumped.Transactions[1].MaxFeePerGas * 100 >= bumped.Transactions[0].MaxFeePerGas * 115);
        Assert.Equal(IntentState.Confirmed, done.State);
        Assert.Equal(bumped.Transactions[1].Hash, done.Receipt!.TransactionHash);
        Assert.Equal(1, await harness.PublishedCountAsync(call.ImagesRoot));
    }

    [Fact]
    public async Task Track_TransactionStuckWithFeesAtTheCap_ReportsTheGasCap()
    {
        await using var harness = await OutboxHarness.StartAsync(chain);
        await harness.RpcAsync("evm_setAutomine", false);
        var options = OutboxHarness.Fast();
        options.ResendAfter = TimeSpan.FromMilliseconds(100);
        options.MaxPriorityFeePerGasGwei = 0.000001m;
        var sut = harness.CreateSut(options);
        sut.Enqueue(MarketIntents.PublishVersion("publish-21", harness.Market, harness.Publish(21, "stuck")));

        await sut.ProcessAsync(CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromMilliseconds(150));
        await sut.ProcessAsync(CancellationToken.None);
        var stuck = sut.Find("publish-21")!;

        Assert.Equal(IntentState.Sent, stuck.State);
        Assert.Single(stuck.Transactions);
        Assert.StartsWith("gas cap exceeded: ", stuck.LastError);
        Assert.Contains("cannot rise 10 % within Chain:Outbox:MaxFeePerGasGwei", stuck.LastError);
    }

    [Fact]
    public async Task Track_TransactionTheNodeDropped_IsBroadcastAgainUnchanged()
    {
        await using var harness = await OutboxHarness.StartAsync(chain);
        await harness.RpcAsync("evm_setAutomine", false);
        var sut = harness.CreateSut();
        var call = harness.Publish(22, nameof(Track_TransactionTheNodeDropped_IsBroadcastAgainUnchanged));
        sut.Enqueue(MarketIntents.PublishVersion("publish-22", harness.Market, call));

        await sut.ProcessAsync(CancellationToken.None);
        var sent = sut.Find("publish-22")!;
        await harness.RpcAsync("hardhat_dropTransaction", sent.Transactions[0].Hash);
        await sut.ProcessAsync(CancellationToken.None);
        await harness.RpcAsync("evm_mine");
        var done = await harness.RunUntilFinishedAsync(sut, "publish-22");

        Assert.Equal(IntentState.Confirmed, done.State);
        Assert.Single(done.Transactions);
        Assert.Contains(done.History, h => h.Contains("does not know", StringComparison.Ordinal));
        Assert.Equal(1, await harness.PublishedCountAsync(call.ImagesRoot));
    }

    [Fact]
    public async Task Process_NonceGapBelowTheOutbox_IsReportedAndFilled()
    {
        await using var harness = await OutboxHarness.StartAsync(chain);
        await harness.RpcAsync("evm_setAutomine", false);
        var sut = harness.CreateSut();
        var operatorAddress = new Account(OutboxHarness.OperatorKey, chain.ChainId).Address;
        var next = (long)(await harness.Direct.Eth.Transactions.GetTransactionCount.SendRequestAsync(operatorAddress)).Value;
        // Something else sends with the operator key at the next nonce, then that transaction vanishes.
        var hash = await harness.SendOutsideTheOutboxAsync(next, "0x000000000000000000000000000000000000dEaD", "0x", gas: 21_000);
        var call = harness.Publish(23, nameof(Process_NonceGapBelowTheOutbox_IsReportedAndFilled));
        sut.Enqueue(MarketIntents.PublishVersion("publish-23", harness.Market, call));
        await sut.ProcessAsync(CancellationToken.None);
        await harness.RpcAsync("hardhat_dropTransaction", hash);

        await sut.ProcessAsync(CancellationToken.None);
        await sut.ProcessAsync(CancellationToken.None);
        var blocked = sut.Find("publish-23")!;
        await harness.RpcAsync("evm_mine");
        var done = await harness.RunUntilFinishedAsync(sut, "publish-23");
        var filler = sut.Recent().Single(i => i.Kind == TransactionOutbox.NonceFillerKind);

        Assert.Equal(next + 1, blocked.Nonce);
        Assert.StartsWith($"nonce gap: the chain's next nonce for {operatorAddress} is {next}, but the outbox's oldest waiting transaction has nonce {next + 1}", blocked.LastError);
        Assert.Equal(IntentState.Confirmed, done.State);
        Assert.Equal(next, filler.Nonce);
        Assert.Equal(IntentState.Confirmed, (await harness.RunUntilFinishedAsync(sut, filler.Key)).State);
        Assert.Equal(1, await harness.PublishedCountAsync(call.ImagesRoot));
    }

    [Fact]
    public async Task Track_ReceiptRemovedByAReorg_WaitsAndIsMinedAgainOnce()
    {
        await using var harness = await OutboxHarness.StartAsync(chain);
        var options = OutboxHarness.Fast();
        options.Confirmations = 3;
        var sut = harness.CreateSut(options);
        var call = harness.Publish(24, nameof(Track_ReceiptRemovedByAReorg_WaitsAndIsMinedAgainOnce));
        sut.Enqueue(MarketIntents.PublishVersion("publish-24", harness.Market, call));
        var fork = (await harness.RpcAsync("evm_snapshot")).GetString()!;

        await sut.ProcessAsync(CancellationToken.None);
        await sut.ProcessAsync(CancellationToken.None);
        var mined = sut.Find("publish-24")!;
        await harness.RpcAsync("evm_revert", fork);
        await harness.RpcAsync("evm_mine");
        for (var i = 0; i < 3; i++)
        {
            await sut.ProcessAsync(CancellationToken.None);
        }

        await harness.RpcAsync("evm_mine");
        await harness.RpcAsync("evm_mine");
        var done = await harness.RunUntilFinishedAsync(sut, "publish-24");

        Assert.Equal(IntentState.Mined, mined.State);
        Assert.Contains(done.History, h => h.Contains("is gone (a reorg)", StringComparison.Ordinal));
        Assert.Equal(IntentState.Confirmed, done.State);
        Assert.Single(done.Transactions);
        Assert.Equal(1, await harness.PublishedCountAsync(call.ImagesRoot));
    }
}
