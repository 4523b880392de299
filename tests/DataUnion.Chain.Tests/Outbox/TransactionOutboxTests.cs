using System.Numerics;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Outbox;
using DataUnion.Chain.Rpc;
using DataUnion.Testing;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Web3.Accounts;

namespace DataUnion.Chain.Tests.Outbox;

/// <summary>The outbox against the real Hardhat node: sends, confirms, and does every call exactly once.</summary>
[Collection(HardhatChainCollection.Name)]
public sealed class TransactionOutboxTests(HardhatChainFixture chain)
{
    private const string SendRaw = "eth_sendRawTransaction";

    [Fact]
    public async Task Publish_ThroughTheOutbox_IsConfirmedWithItsReceipt()
    {
        await using var harness = await OutboxHarness.StartAsync(chain);
        var sut = harness.CreateSut();
        var call = harness.Publish(7, nameof(Publish_ThroughTheOutbox_IsConfirmedWithItsReceipt));

        sut.Enqueue(MarketIntents.PublishVersion("publish-7", harness.Market, call));
        var done = await harness.RunUntilFinishedAsync(sut, "publish-7");

        Assert.Equal(IntentState.Confirmed, done.State);
        Assert.NotNull(done.Receipt);
        Assert.True(done.Receipt.Succeeded);
        Assert.Equal(done.Transactions.Single().Hash, done.Receipt.TransactionHash);
        Assert.Equal(1, await harness.PublishedCountAsync(call.ImagesRoot));
        Assert.Contains(done.History, h => h.Contains("broadcast", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Enqueue_SameKeyTwice_ReturnsTheFirstIntentAndCallsOnce()
    {
        await using var harness = await OutboxHarness.StartAsync(chain);
        var sut = harness.CreateSut();
        var call = harness.Publish(8, nameof(Enqueue_SameKeyTwice_ReturnsTheFirstIntentAndCallsOnce));

        var first = sut.Enqueue(MarketIntents.PublishVersion("publish-8", harness.Market, call));
        await harness.RunUntilFinishedAsync(sut, "publish-8");
        var again = sut.Enqueue(MarketIntents.PublishVersion("publish-8", harness.Market, call));
        await sut.ProcessAsync(CancellationToken.None);

        Assert.Equal(first.Sequence, again.Sequence);
        Assert.Equal(IntentState.Confirmed, again.State);
        Assert.Equal(1, await harness.PublishedCountAsync(call.ImagesRoot));
    }

    [Fact]
    public async Task Enqueue_SameKeyForAnotherCall_IsRefused()
    {
        await using var harness = await OutboxHarness.StartAsync(chain);
        var sut = harness.CreateSut();
        sut.Enqueue(MarketIntents.PublishVersion("publish-9", harness.Market, harness.Publish(9, "a")));

        var ex = Assert.Throws<OutboxException>(() => sut.Enqueue(MarketIntents.PublishVersion("publish-9", harness.Market, harness.Publish(9, "b"))));

        Assert.Contains("'publish-9' was already used for a different call", ex.Message);
    }

    [Fact]
    public async Task Send_RpcDiesAfterTheTransactionReachedTheChain_PublishesExactlyOnce()
    {
        await using var harness = await OutboxHarness.StartAsync(chain, withProxy: true);
        var proxy = harness.Proxy!;
        var sut = harness.CreateSut();
        var call = harness.Publish(10, nameof(Send_RpcDiesAfterTheTransactionReachedTheChain_PublishesExactlyOnce));
        sut.Enqueue(MarketIntents.PublishVersion("publish-10", harness.Market, call));
        // The transaction reaches the chain and is mined, but its answer is lost, and the retries are cut off.
        proxy.Fail(SendRaw, RpcFault.DropAnswer);
        proxy.Fail(SendRaw, RpcFault.Reset, count: 10);

        await sut.ProcessAsync(CancellationToken.None);
        var cutOff = sut.Find("publish-10")!;
        await proxy.KillAsync();
        var down = await Assert.ThrowsAsync<ChainRpcException>(() => sut.ProcessAsync(CancellationToken.None));
        proxy.Restart();
        var done = await harness.RunUntilFinishedAsync(sut, "publish-10");

        Assert.Equal(IntentState.Sent, cutOff.State);
        Assert.Contains("eth_sendRawTransaction", cutOff.LastError);
        Assert.Contains("failed 3 time(s)", cutOff.LastError);
        Assert.Equal(ChainRpcFailure.Unavailable, down.Failure);
        Assert.Contains("eth_blockNumber at http://127.0.0.1", down.Message);
        Assert.Equal(IntentState.Confirmed, done.State);
        Assert.Single(done.Transactions);
        Assert.Equal(1, proxy.Forwarded(SendRaw));
        Assert.Equal(1, await harness.PublishedCountAsync(call.ImagesRoot));
    }

    [Fact]
    public async Task Restart_AfterSigningBeforeAnyBroadcast_SendsTheSameTransactionOnce()
    {
        await using var harness = await OutboxHarness.StartAsync(chain, withProxy: true);
        var call = harness.Publish(11, nameof(Restart_AfterSigningBeforeAnyBroadcast_SendsTheSameTransactionOnce));
        var before = harness.CreateSut();
        before.Enqueue(MarketIntents.PublishVersion("publish-11", harness.Market, call));
        harness.Proxy!.Fail(SendRaw, RpcFault.Reset, count: 3);
        await before.ProcessAsync(CancellationToken.None);
        var signed = before.Find("publish-11")!;

        harness.ReopenDatabase();
        var after = harness.CreateSut();
        var done = await harness.RunUntilFinishedAsync(after, "publish-11");

        Assert.Equal(IntentState.Sent, signed.State);
        Assert.Equal(IntentState.Confirmed, done.State);
        Assert.Equal(signed.Transactions.Single().Hash, done.Receipt!.TransactionHash);
        Assert.Single(done.Transactions);
        Assert.Equal(1, await harness.PublishedCountAsync(call.ImagesRoot));
    }

    [Fact]
    public async Task Track_NonceUsedByAnotherTransactionWithTheSameEffect_FinishesWithoutSendingAgain()
    {
        await using var harness = await OutboxHarness.StartAsync(chain, withProxy: true);
        var sut = harness.CreateSut();
        var call = harness.Publish(12, nameof(Track_NonceUsedByAnotherTransactionWithTheSameEffect_FinishesWithoutSendingAgain));
        sut.Enqueue(MarketIntents.PublishVersion("publish-12", harness.Market, call));
        harness.Proxy!.Fail(SendRaw, RpcFault.Reset, count: 3);
        await sut.ProcessAsync(CancellationToken.None);
        var nonce = sut.Find("publish-12")!.Nonce!.Value;

        // The same publish, sent with the operator key by something else, takes the nonce first.
        await harness.SendOutsideTheOutboxAsync(nonce, harness.Market, call.GetCallData().ToHex(true), gas: 400_000);
        var done = await harness.RunUntilFinishedAsync(sut, "publish-12");

        Assert.Equal(IntentState.Confirmed, done.State);
        Assert.Contains(done.History, h => h.Contains("effect is on chain", StringComparison.Ordinal));
        Assert.NotEqual(done.Transactions.Single().Hash, done.Receipt!.TransactionHash);
        Assert.Equal(0, harness.Proxy.Forwarded(SendRaw));
        Assert.Equal(1, await harness.PublishedCountAsync(call.ImagesRoot));
    }

    [Fact]
    public async Task Track_NonceUsedByAnUnrelatedTransaction_GetsANewNonceAndPublishesOnce()
    {
        await using var harness = await OutboxHarness.StartAsync(chain, withProxy: true);
        var sut = harness.CreateSut();
        var call = harness.Publish(13, nameof(Track_NonceUsedByAnUnrelatedTransaction_GetsANewNonceAndPublishesOnce));
        sut.Enqueue(MarketIntents.PublishVersion("publish-13", harness.Market, call));
        harness.Proxy!.Fail(SendRaw, RpcFault.Reset, count: 3);
        await sut.ProcessAsync(CancellationToken.None);
        var nonce = sut.Find("publish-13")!.Nonce!.Value;

        await harness.SendOutsideTheOutboxAsync(nonce, "0x000000000000000000000000000000000000dEaD", "0x", gas: 21_000);
        var done = await harness.RunUntilFinishedAsync(sut, "publish-13");

        Assert.Equal(IntentState.Confirmed, done.State);
        Assert.Equal(nonce + 1, done.Nonce);
        Assert.Contains(done.History, h => h.Contains($"nonce {nonce} was used by a transaction this outbox did not send", StringComparison.Ordinal));
        Assert.Equal(1, await harness.PublishedCountAsync(call.ImagesRoot));
    }

    [Fact]
    public async Task Process_RpcAnswersGarbageThenTimesOut_RecordsClearErrorsAndSendsOnce()
    {
        await using var harness = await OutboxHarness.StartAsync(chain, withProxy: true);
        var proxy = harness.Proxy!;
        var sut = harness.CreateSut(rpcTimeout: TimeSpan.FromMilliseconds(500));
        var call = harness.Publish(14, nameof(Process_RpcAnswersGarbageThenTimesOut_RecordsClearErrorsAndSendsOnce));
        sut.Enqueue(MarketIntents.PublishVersion("publish-14", harness.Market, call));

        proxy.Fail("eth_estimateGas", RpcFault.Garbage, count: 3);
        await sut.ProcessAsync(CancellationToken.None);
        var afterGarbage = sut.Find("publish-14")!;
        proxy.Fail(SendRaw, RpcFault.Hang, count: 3);
        harness.Time.Advance(TimeSpan.FromMilliseconds(100));
        await sut.ProcessAsync(CancellationToken.None);
        var afterTimeouts = sut.Find("publish-14")!;
        var done = await harness.RunUntilFinishedAsync(sut, "publish-14");

        Assert.Equal(IntentState.Queued, afterGarbage.State);
        Assert.Contains("eth_estimateGas", afterGarbage.LastError);
        Assert.Contains("not a valid JSON-RPC response", afterGarbage.LastError);
        Assert.Equal(IntentState.Sent, afterTimeouts.State);
        Assert.True(afterTimeouts.LastError!.Contains("no answer within the RPC timeout", StringComparison.Ordinal), afterTimeouts.LastError);
        Assert.Equal(IntentState.Confirmed, done.State);
        Assert.Equal(1, proxy.Forwarded(SendRaw));
        Assert.Equal(1, await harness.PublishedCountAsync(call.ImagesRoot));
    }

    [Fact]
    public async Task Send_OperatorWithoutFunds_WaitsWithAClearErrorUntilFunded()
    {
        await using var harness = await OutboxHarness.StartAsync(chain);
        var poor = new Account("0x" + new string('4', 63) + "2", chain.ChainId);
        var sut = harness.CreateSut(key: poor.PrivateKey);
        sut.Enqueue(new IntentRequest("ping", "ping", "0x000000000000000000000000000000000000dEaD", "0x", 0));

        await sut.ProcessAsync(CancellationToken.None);
        var waiting = sut.Find("ping")!;
        await harness.RpcAsync("hardhat_setBalance", poor.Address, "0xde0b6b3a7640000");
        var done = await harness.RunUntilFinishedAsync(sut, "ping");

        Assert.Equal(IntentState.Queued, waiting.State);
        Assert.StartsWith($"insufficient funds: the operator {poor.Address} holds 0 ETH", waiting.LastError);
        Assert.Contains("fund the operator wallet", waiting.LastError);
        Assert.Equal(IntentState.Confirmed, done.State);
    }

    [Fact]
    public async Task Send_BaseFeeAboveTheCap_WaitsWithAGasCapErrorAndSendsNothing()
    {
        await using var harness = await OutboxHarness.StartAsync(chain, withProxy: true);
        await harness.RpcAsync("hardhat_setNextBlockBaseFeePerGas", "0x174876e800"); // 100 gwei
        await harness.RpcAsync("evm_mine");
        var options = OutboxHarness.Fast();
        options.MaxFeePerGasGwei = 50;
        var sut = harness.CreateSut(options);
        sut.Enqueue(MarketIntents.PublishVersion("publish-15", harness.Market, harness.Publish(15, "cap")));

        await sut.ProcessAsync(CancellationToken.None);
        var waiting = sut.Find("publish-15")!;

        Assert.Equal(IntentState.Queued, waiting.State);
        Assert.Null(waiting.Nonce);
        Assert.StartsWith("gas cap exceeded: the base fee is 100 gwei, above Chain:Outbox:MaxFeePerGasGwei (50 gwei)", waiting.LastError);
        Assert.Equal(0, harness.Proxy!.Forwarded(SendRaw));
    }

    [Fact]
    public async Task Send_CallThatWouldRevert_FailsWithTheDecodedCustomError()
    {
        await using var harness = await OutboxHarness.StartAsync(chain);
        var sut = harness.CreateSut();
        var call = harness.Publish(16, "zero");
        call.ImagesRoot = new byte[32];
        sut.Enqueue(MarketIntents.PublishVersion("publish-16", harness.Market, call));

        var done = await harness.RunUntilFinishedAsync(sut, "publish-16");

        Assert.Equal(IntentState.Failed, done.State);
        Assert.Equal("the call would revert: ZeroRoot()", done.LastError);
        Assert.Empty(done.Transactions);
    }

    [Fact]
    public async Task Send_NeedsMoreGasThanTheCap_Fails()
    {
        await using var harness = await OutboxHarness.StartAsync(chain);
        var options = OutboxHarness.Fast();
        options.MaxGasPerTransaction = 50_000;
        var sut = harness.CreateSut(options);
        sut.Enqueue(MarketIntents.PublishVersion("publish-17", harness.Market, harness.Publish(17, "gas")));

        var done = await harness.RunUntilFinishedAsync(sut, "publish-17");

        Assert.Equal(IntentState.Failed, done.State);
        Assert.Contains("above Chain:Outbox:MaxGasPerTransaction 50000", done.LastError);
    }
}
