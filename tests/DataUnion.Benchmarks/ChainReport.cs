using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using DataUnion.Chain.Connection;
using DataUnion.Chain.Indexing;
using DataUnion.Chain.Outbox;
using DataUnion.Chain.Rpc;
using DataUnion.Chain.Storage;
using DataUnion.Core.Deployment;
using DataUnion.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Token = DataUnion.Chain.Contracts.DataUnionToken;

namespace DataUnion.Benchmarks;

/// <summary>
/// The chain layer's benchmark on a local Hardhat node: indexer catch-up over real Staked events
/// (a helper contract makes the real staking contract emit hundreds per transaction), against the
/// bare eth_getLogs reads of the same ranges; and outbox throughput against Nethereum sending the
/// same transfers one after another.
/// </summary>
internal static class ChainReport
{
    // Hardhat's development account 0: deployer and operator of the local chain (public test key).
    private const string OperatorKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    public static async Task<int> RunAsync(string[] args)
    {
        var events = Option(args, "--events", 100_000);
        var transactions = Option(args, "--transactions", 500);
        var rounds = Option(args, "--rounds", 5);
        var chain = new HardhatChainFixture();
        await chain.InitializeAsync();
        try
        {
            var record = DeploymentRecordParser.Parse(await File.ReadAllTextAsync(chain.DeploymentRecordPath));
            var web3 = new Web3(new Account(OperatorKey, chain.ChainId), chain.RpcUrl);
            web3.TransactionManager.UseLegacyAsDefault = false;
            Console.WriteLine($"# Chain benchmark: {events:N0} events, {transactions:N0} transactions, {Environment.ProcessorCount} cores");
            Console.WriteLine();
            await FloodAsync(web3, record, events);
            await MeasureIndexerAsync(chain, record, events, rounds);
            await MeasureOutboxAsync(chain, web3, record, transactions, blockTime: null);
            await MeasureOutboxAsync(chain, web3, record, Math.Max(10, transactions / 25), blockTime: TimeSpan.FromSeconds(1));
            return 0;
        }
        finally
        {
            await chain.DisposeAsync();
        }
    }

    private static async Task FloodAsync(Web3 web3, DeploymentRecord record, int events)
    {
        var artifact = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "artifacts/contracts/test/mocks/StakeFlood.sol/StakeFlood.json")));
        var bytecode = artifact.RootElement.GetProperty("bytecode").GetString()!;
        var deployed = await web3.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(
            "[]", bytecode, web3.TransactionManager.Account.Address, new HexBigInteger(1_000_000));
        var flood = deployed.ContractAddress;
        var token = record.GetContract("DataUnionToken").Address;
        await web3.Eth.GetContractTransactionHandler<Token.TransferFunction>()
            .SendRequestAndWaitForReceiptAsync(token, new Token.TransferFunction { To = flood, Value = events });
        const int PerTransaction = 300; // about 10 M gas: under the 16,777,216 per-transaction cap (EIP-7825)
        var watch = Stopwatch.StartNew();
        for (var sent = 0; sent < events; sent += PerTransaction)
        {
            var receipt = await web3.Eth.GetContractTransactionHandler<FloodFunction>().SendRequestAndWaitForReceiptAsync(flood, new FloodFunction
            {
                Token = token,
                Staking = record.GetContract("LabelerStaking").Address,
                Count = Math.Min(PerTransaction, events - sent),
                Gas = 16_000_000,
            });
            if (receipt.Status.Value != 1)
            {
                throw new InvalidOperationException("the flood transaction reverted");
            }
        }

        Console.WriteLine($"Made {events:N0} Staked events in {watch.Elapsed.TotalSeconds:0.0} s ({(events + PerTransaction - 1) / PerTransaction} transactions).");
        Console.WriteLine();
    }

    private static async Task MeasureIndexerAsync(HardhatChainFixture chain, DeploymentRecord record, int events, int rounds)
    {
        using var work = new TempDirectory();
        var rpc = TestRpc.For(chain.RpcUrl, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));
        var head = await rpc.BlockNumberAsync(CancellationToken.None);
        var options = new IndexerOptions();
        var market = record.GetContract("DatasetMarket").Address;
        var staking = record.GetContract("LabelerStaking").Address;
        var decoder = new EventDecoder(market, staking);

        // Reference: eth_getLogs over the same blocks, one call after another, nothing decoded or stored.
        async Task<(List<ChainLog>? Logs, Run Run)> BareReadAsync(int range, bool keep = false)
        {
            var meter = Meter.Start();
            var read = keep ? new List<ChainLog>() : null;
            for (var from = record.DeployBlock; from <= head; from += range)
            {
                var to = Math.Min(head, from + range - 1);
                var answer = await rpc.LogsAsync(new LogQuery(from, to, [market, staking], [decoder.Topics.ToArray()]), CancellationToken.None);
                read?.AddRange(answer);
            }

            return (read, meter.Stop());
        }

        var databases = 0;
        async Task<(long Indexed, int Range, Run Run)> IndexAsync()
        {
            using var database = ChainDatabase.Open(work.Combine($"chain-{databases++}.db"));
            var indexer = new ChainIndexer(rpc, new ChainEventStore(database), market, staking, record.DeployBlock, options, NullLogger.Instance);
            var meter = Meter.Start();
            var indexed = await indexer.CatchUpAsync(CancellationToken.None);
            return (indexed, indexer.Range, meter.Stop());
        }

        // Everything runs once untimed first: the node's caches fill, and the JIT reaches its
        // optimized code for the reads, the decoder, LiteDB's insert path and the pipeline.
        var logs = (await BareReadAsync(options.InitialRange, keep: true)).Logs!;
        var (_, finalRange, _) = await IndexAsync();
        _ = logs.Select(decoder.Decode).ToList();

        var watch = Stopwatch.StartNew();
        var decoded = logs.Select(decoder.Decode).ToList();
        var decodeOnly = watch.Elapsed;
        using (var scratch = ChainDatabase.Open(work.Combine("commit-only.db")))
        {
            var store = new ChainEventStore(scratch);
            store.Reset(new IndexerCheckpoint(record.DeployBlock - 1, decoder.Market, decoder.Staking, record.DeployBlock));
            watch.Restart();
            store.Commit(decoded, new Dictionary<long, string> { [head] = decoded[^1].BlockHash }, new IndexerCheckpoint(head, decoder.Market, decoder.Staking, record.DeployBlock), options.ReorgDepth);
        }

        var commitOnly = watch.Elapsed;
        var fetched = logs.Count;
        // The timed runs do not carry this method's 100,000 logs and events through every collection.
        (logs, decoded) = ([], []);
        GC.Collect();

        // The machine is shared: the three are measured in turn, round after round, and each is
        // reported by its median round.
        var reference = new List<Run>();
        var final = new List<Run>();
        var indexerRuns = new List<Run>();
        long indexed = 0;
        for (var round = 0; round < rounds; round++)
        {
            reference.Add((await BareReadAsync(options.InitialRange)).Run);
            var run = await IndexAsync();
            (indexed, finalRange) = (run.Indexed, run.Range);
            indexerRuns.Add(run.Run);
            final.Add((await BareReadAsync(finalRange)).Run);
        }

        if (indexed < events)
        {
            throw new InvalidOperationException($"indexed {indexed} events, expected at least {events}");
        }

        var referenceRun = Run.Median(reference);
        var finalRun = Run.Median(final);
        var indexerRun = Run.Median(indexerRuns);
        Console.WriteLine($"## Indexer catch-up (median of {rounds} rounds; each round times the three in turn)");
        Console.WriteLine();
        Console.WriteLine("| what | events | seconds (median) | fastest – slowest round | events/s | CPU of this process, s | CPU of the Hardhat node, s |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        Console.WriteLine($"| eth_getLogs only (reference: the indexer's first range size, {options.InitialRange} blocks, one call at a time; nothing decoded or stored) | {fetched:N0} | {referenceRun.Row(fetched, reference)} |");
        Console.WriteLine($"| eth_getLogs only, in the indexer's final range size ({finalRange} blocks), one call at a time | {fetched:N0} | {finalRun.Row(fetched, final)} |");
        Console.WriteLine($"| decoding only (the logs above, in memory) | {fetched:N0} | {decodeOnly.TotalSeconds:0.00} | | {fetched / decodeOnly.TotalSeconds:N0} | | |");
        Console.WriteLine($"| LiteDB commit only (the decoded events, one transaction) | {fetched:N0} | {commitOnly.TotalSeconds:0.00} | | {fetched / commitOnly.TotalSeconds:N0} | | |");
        Console.WriteLine($"| **the indexer**: read ({options.ReadsInFlight} calls in flight), check against headers, decode, commit events + block hashes + last block | {indexed:N0} | {indexerRun.Row(indexed, indexerRuns)} |");
        Console.WriteLine();
        Console.WriteLine($"Indexer / bare reads (medians): {referenceRun.Elapsed / indexerRun.Elapsed:P0} of the reference's rate, {finalRun.Elapsed / indexerRun.Elapsed:P0} of the final-range reads' rate. "
            + $"Round by round: {string.Join(", ", reference.Zip(indexerRuns, (r, i) => (r.Elapsed / i.Elapsed).ToString("P0", CultureInfo.InvariantCulture)))} of the reference.");
        Console.WriteLine();
    }

    /// <summary>One timed run: wall time, this process's CPU and the Hardhat node's CPU.</summary>
    private readonly record struct Run(TimeSpan Elapsed, TimeSpan Cpu, TimeSpan NodeCpu)
    {
        public static Run Median(List<Run> runs) => runs.OrderBy(r => r.Elapsed).ElementAt(runs.Count / 2);

        public string Row(long items, List<Run> all) =>
            $"{Elapsed.TotalSeconds:0.00} | {all.Min(r => r.Elapsed).TotalSeconds:0.00} – {all.Max(r => r.Elapsed).TotalSeconds:0.00} | {items / Elapsed.TotalSeconds:N0} | {Cpu.TotalSeconds:0.00} | {NodeCpu.TotalSeconds:0.00}";
    }

    private readonly record struct Meter(Stopwatch Watch, TimeSpan Cpu, TimeSpan NodeCpu)
    {
        public static Meter Start() => new(Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime, HardhatCpu());

        public Run Stop() => new(Watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - Cpu, HardhatCpu() - NodeCpu);

        // The Hardhat node's share of the two cores.
        private static TimeSpan HardhatCpu() => Process.GetProcessesByName("node").Aggregate(TimeSpan.Zero, (t, p) => t + p.TotalProcessorTime);
    }

    private static async Task MeasureOutboxAsync(HardhatChainFixture chain, Web3 web3, DeploymentRecord record, int transactions, TimeSpan? blockTime)
    {
        var token = record.GetContract("DataUnionToken").Address;
        var salt = Random.Shared.Next(1 << 20) << 12;
        Token.TransferFunction Transfer(int i, int round) => new() { To = "0x" + (salt + (round * transactions) + i).ToString("x40", CultureInfo.InvariantCulture), Value = 1 };
        if (blockTime is { } interval)
        {
            await JsonRpc.CallAsync(chain.RpcUrl, "evm_setAutomine", false);
            await JsonRpc.CallAsync(chain.RpcUrl, "evm_setIntervalMining", (long)interval.TotalMilliseconds);
        }

        // Reference: Nethereum sending each transfer and waiting for its receipt, one after another.
        var handler = web3.Eth.GetContractTransactionHandler<Token.TransferFunction>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < transactions; i++)
        {
            await handler.SendRequestAndWaitForReceiptAsync(token, Transfer(i, 0));
        }

        var direct = watch.Elapsed;

        using var work = new TempDirectory();
        using var database = ChainDatabase.Open(work.Combine("chain.db"));
        var rpc = TestRpc.For(chain.RpcUrl, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        var outbox = new TransactionOutbox(
            new OutboxStore(database), rpc, new TransactionSigner(new Account(OperatorKey, chain.ChainId), chain.ChainId),
            new OutboxOptions(), localChain: true, TimeProvider.System, NullLogger.Instance);
        watch.Restart();
        for (var i = 0; i < transactions; i++)
        {
            outbox.Enqueue($"bench-{salt}-{i}", token, Transfer(i, 1));
        }

        while (await outbox.ProcessAsync(CancellationToken.None) > 0)
        {
            if (blockTime is not null)
            {
                await Task.Delay(50);
            }
        }

        var viaOutbox = watch.Elapsed;
        if (blockTime is not null)
        {
            await JsonRpc.CallAsync(chain.RpcUrl, "evm_setIntervalMining", 0);
            await JsonRpc.CallAsync(chain.RpcUrl, "evm_setAutomine", true);
        }

        var confirmed = outbox.Recent(transactions).Count(i => i.State == IntentState.Confirmed);
        if (confirmed != transactions)
        {
            throw new InvalidOperationException($"{confirmed} of {transactions} intents confirmed");
        }

        Console.WriteLine(blockTime is { } time
            ? $"## Outbox throughput (a block every {time.TotalSeconds:0} s, 1 confirmation)"
            : "## Outbox throughput (automining local chain: a block per transaction, 1 confirmation)");
        Console.WriteLine();
        Console.WriteLine("| what | transactions | seconds | transactions/s |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| Nethereum send-and-wait, one at a time (reference) | {transactions:N0} | {direct.TotalSeconds:0.00} | {transactions / direct.TotalSeconds:0.0} |");
        Console.WriteLine($"| outbox: recorded, estimated, signed, written down, sent, confirmed ({new OutboxOptions().MaxInFlight} in flight) | {transactions:N0} | {viaOutbox.TotalSeconds:0.00} | {transactions / viaOutbox.TotalSeconds:0.0} |");
        Console.WriteLine();
        Console.WriteLine($"Outbox / reference: {direct.TotalSeconds / viaOutbox.TotalSeconds:0.00}×.");
        Console.WriteLine();
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    [Function("flood")]
    private sealed class FloodFunction : FunctionMessage
    {
        [Parameter("address", "token", 1)]
        public string Token { get; set; } = string.Empty;

        [Parameter("address", "staking", 2)]
        public string Staking { get; set; } = string.Empty;

        [Parameter("uint256", "count", 3)]
        public BigInteger Count { get; set; }
    }
}
