using System.Numerics;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Outbox;
using DataUnion.Chain.Storage;
using DataUnion.Core.Deployment;
using DataUnion.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Nethereum.Contracts;
using Nethereum.Util;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace DataUnion.Chain.Tests.Outbox;

/// <summary>
/// An outbox on a fresh LiteDB file against the assembly's Hardhat node (reverted to a snapshot
/// afterwards), optionally behind an <see cref="RpcProxy"/>. The outbox's clock is a
/// <see cref="FakeTimeProvider"/>: backoffs and resend deadlines pass when the test advances it,
/// never by waiting; the RPC calls themselves run in real time.
/// </summary>
internal sealed class OutboxHarness : IAsyncDisposable
{
    // Hardhat's first development account: deployer and operator of the local chain (public test key).
    public const string OperatorKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    private readonly TempDirectory _directory = new();
    private readonly IAsyncDisposable _snapshot;
    private ChainDatabase _database;

    private OutboxHarness(HardhatChainFixture chain, IAsyncDisposable snapshot, DeploymentRecord record)
    {
        Chain = chain;
        _snapshot = snapshot;
        Record = record;
        _database = ChainDatabase.Open(_directory.Combine("chain.db"));
        Direct = new Web3(new Account(OperatorKey, chain.ChainId), chain.RpcUrl);
    }

    public HardhatChainFixture Chain { get; }

    public DeploymentRecord Record { get; }

    public string Market => Record.GetContract("DatasetMarket").Address;

    public string Token => Record.GetContract("DataUnionToken").Address;

    /// <summary>The operator key's client straight to the chain, for what the test does outside the outbox.</summary>
    public Web3 Direct { get; }

    public RpcProxy? Proxy { get; private set; }

    /// <summary>The outbox's clock.</summary>
    public FakeTimeProvider Time { get; } = new(TimeProvider.System.GetUtcNow());

    public static async Task<OutboxHarness> StartAsync(HardhatChainFixture chain, bool withProxy = false)
    {
        var snapshot = await chain.SnapshotAsync();
        var record = DeploymentRecordParser.Parse(await File.ReadAllTextAsync(chain.DeploymentRecordPath));
        var harness = new OutboxHarness(chain, snapshot, record);
        if (withProxy)
        {
            harness.Proxy = RpcProxy.Start(chain.RpcUrl);
        }

        return harness;
    }

    public static OutboxOptions Fast() => new()
    {
        PollInterval = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(50),
        ResendAfter = TimeSpan.FromMinutes(10),
    };

    public TransactionOutbox CreateSut(OutboxOptions? options = null, string key = OperatorKey, TimeSpan? rpcTimeout = null, bool localChain = true)
    {
        var url = Proxy?.Url ?? Chain.RpcUrl;
        var rpc = TestRpc.For(url, rpcTimeout);
        return new TransactionOutbox(
            new OutboxStore(_database), rpc, new TransactionSigner(new Account(key, Chain.ChainId), Chain.ChainId),
            options ?? Fast(), localChain, Time, NullLogger.Instance);
    }

    /// <summary>Closes and reopens the LiteDB file, as a restarted node would.</summary>
    public void ReopenDatabase()
    {
        _database.Dispose();
        _database = ChainDatabase.Open(_directory.Combine("chain.db"));
    }

    public PublishVersionFunction Publish(int datasetId, string seed) => new()
    {
        DatasetId = datasetId,
        ImagesRoot = Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes("images:" + seed)),
        SharesRoot = Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes("shares:" + seed)),
        TotalShares = 100,
        Price = BigInteger.Pow(10, 18),
        Token = Token,
        ManifestCid = [0x01, 0x70, 0x12, 0x20, .. new byte[32]],
    };

    /// <summary>VersionPublished events with <paramref name="imagesRoot"/> on the chain.</summary>
    public async Task<int> PublishedCountAsync(byte[] imagesRoot)
    {
        var handler = Direct.Eth.GetEvent<VersionPublishedEventDTO>(Market);
        var logs = await handler.GetAllChangesAsync(handler.CreateFilterInput(
            new Nethereum.RPC.Eth.DTOs.BlockParameter(0), Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest()));
        return logs.Count(l => l.Event.ImagesRoot.SequenceEqual(imagesRoot));
    }

    /// <summary>Runs passes until the intent is finished, the outbox's clock a backoff further each time.</summary>
    public async Task<TransactionIntent> RunUntilFinishedAsync(TransactionOutbox outbox, string key, int maxPasses = 200)
    {
        for (var pass = 0; pass < maxPasses; pass++)
        {
            await outbox.ProcessAsync(CancellationToken.None);
            var intent = outbox.Find(key)!;
            if (intent.IsFinished)
            {
                return intent;
            }

            Time.Advance(Fast().MaxBackoff);
        }

        var last = outbox.Find(key)!;
        throw new Xunit.Sdk.XunitException($"intent {key} not finished after {maxPasses} passes: {last.State}, {last.LastError}\n{string.Join("\n", last.History)}");
    }

    /// <summary>Sends a transaction with the operator key outside the outbox, at <paramref name="nonce"/>; returns its hash.</summary>
    public async Task<string> SendOutsideTheOutboxAsync(long nonce, string to, string data, long gas)
    {
        var signer = new TransactionSigner(new Account(OperatorKey, Chain.ChainId), Chain.ChainId);
        var (raw, hash) = signer.Sign(nonce, BigInteger.Pow(10, 9), 100 * BigInteger.Pow(10, 9), gas, to, 0, data);
        await RpcAsync("eth_sendRawTransaction", raw);
        return hash;
    }

    public Task<System.Text.Json.JsonElement> RpcAsync(string method, params object[] parameters) => JsonRpc.CallAsync(Chain.RpcUrl, method, parameters);

    public async ValueTask DisposeAsync()
    {
        // Automining is node state that a snapshot revert does not restore.
        await RpcAsync("evm_setAutomine", true);
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        await _snapshot.DisposeAsync();
        _database.Dispose();
        _directory.Dispose();
    }
}
