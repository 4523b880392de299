using DataUnion.Chain.Rpc;
using Microsoft.Extensions.Logging;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;

namespace DataUnion.Chain.Indexing;

/// <summary>
/// Follows the market's and the staking contract's events from the deploy block. Each pass first
/// checks that the newest indexed block is still in the chain (else it rolls back to the newest
/// block whose hash still matches and indexes again from there), then reads <c>eth_getLogs</c>
/// ranges up to the head, whose size halves when the node refuses or struggles and follows the
/// number of logs per answer, and commits each range's events, block hashes and new last block
/// together, while the next ranges are being read.
/// </summary>
public sealed partial class ChainIndexer
{

    private readonly ChainRpc _rpc;
    private readonly ChainEventStore _store;
    private readonly EventDecoder _decoder;
    private readonly IndexerOptions _options;
    private readonly long _deployBlock;
    private readonly ILogger _logger;
    private volatile int _range;

    /// <summary>Creates the indexer.</summary>
    /// <param name="rpc">The chain.</param>
    /// <param name="store">The index.</param>
    /// <param name="market">DatasetMarket address.</param>
    /// <param name="staking">LabelerStaking address.</param>
    /// <param name="deployBlock">Block the contracts were deployed in.</param>
    /// <param name="options">Range sizes and reorg depth.</param>
    /// <param name="logger">Log.</param>
    public ChainIndexer(ChainRpc rpc, ChainEventStore store, string market, string staking, long deployBlock, IndexerOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(deployBlock);
        _rpc = rpc;
        _store = store;
        _decoder = new EventDecoder(market, staking);
        _options = options;
        _deployBlock = deployBlock;
        _logger = logger;
        _range = options.InitialRange;

        var start = new IndexerCheckpoint(deployBlock - 1, _decoder.Market, _decoder.Staking, deployBlock);
        if (store.Checkpoint() is not { } checkpoint)
        {
            store.Reset(start);
        }
        else if (checkpoint.Market != start.Market || checkpoint.Staking != start.Staking || checkpoint.DeployBlock != deployBlock)
        {
            // A new deployment record: the old index describes other contracts.
            LogNewContracts(_logger, checkpoint.Market, start.Market);
            store.Reset(start);
        }
    }

    /// <summary>The index.</summary>
    public ChainEventStore Store => _store;

    /// <summary>The current <c>eth_getLogs</c> range size in blocks.</summary>
    public int Range => _range;

    /// <summary>Last indexed block.</summary>
    public long LastBlock => _store.Checkpoint()!.LastBlock;

    /// <summary>Runs passes until the index reaches the head it saw last.</summary>
    /// <returns>Events indexed.</returns>
    /// <exception cref="ChainRpcException">The chain did not answer, or kept changing under ten passes in a row.</exception>
    public async Task<long> CatchUpAsync(CancellationToken cancellationToken)
    {
        const int MaxStalls = 10;
        long total = 0;
        var stalls = 0;
        var last = LastBlock;
        while (true)
        {
            var pass = await SyncOnceAsync(cancellationToken).ConfigureAwait(false);
            total += pass.Events;
            if (pass.CaughtUp)
            {
                return total;
            }

            stalls = pass.LastBlock == last && pass.RolledBack is null ? stalls + 1 : 0;
            last = pass.LastBlock;
            if (stalls >= MaxStalls)
            {
                throw Invalid($"the chain's headers and logs disagreed on {MaxStalls} passes in a row after block {last}");
            }
        }
    }

    private LogQuery Filter(long from, long to) => new(from, to, [_decoder.Market, _decoder.Staking], [_decoder.Topics.ToArray()]);

    /// <summary>
    /// Reads the headers <see cref="VerifyAgainstHeaders"/> needs for a range, after its logs were
    /// read: a reorg in between shows as logs whose block hash the headers do not name.
    /// </summary>
    private Task<IReadOnlyDictionary<long, BlockHeader>> ReadHeadersAsync(ChainLog[] logs, long from, long to, long head, CancellationToken cancellationToken)
    {
        // Every header the checks need, read in one batch: the range's ends, and the blocks with
        // events that are recent enough to be reorganized.
        var recent = head - _options.ReorgDepth;
        long[] wanted = [from, to, .. logs.Where(l => !l.Removed && l.BlockNumber >= from && l.BlockNumber <= to && l.BlockNumber > recent).Select(l => l.BlockNumber).Distinct()];
        return _rpc.HeadersAsync(wanted, cancellationToken);
    }

    /// <summary>
    /// Checks a range against the chain's headers before it is committed: block <paramref name="from"/>
    /// must follow <paramref name="parent"/> (the last block indexed or read before it), and every
    /// event in the last <see cref="IndexerOptions.ReorgDepth"/> blocks must be in the block the
    /// header names (older blocks are taken as final).
    /// </summary>
    /// <returns>The block hashes to keep, or null when the chain moved under the read.</returns>
    private Dictionary<long, string>? VerifyAgainstHeaders(ChainLog[] logs, IReadOnlyDictionary<long, BlockHeader> headers, long from, long to, long head, string? parent)
    {
        var blocks = logs.Where(l => !l.Removed).GroupBy(l => l.BlockNumber).ToList();
        string HashOf(long number) => headers.TryGetValue(number, out var header) && header.Hash.Length > 0
            ? header.Hash
            : throw Invalid($"block {number} is missing, though the head is {head}");

        _ = HashOf(from);
        if (parent is not null
            && !IsZero(headers[from].ParentHash) // Hardhat reports no parent for blocks made by hardhat_mine
            && !string.Equals(headers[from].ParentHash, parent, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var hashes = new Dictionary<long, string> { [to] = HashOf(to) };
        foreach (var group in blocks)
        {
            var seen = group.Select(l => l.BlockHash).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (seen.Count > 1 || string.IsNullOrEmpty(seen[0]))
            {
                return null;
            }

            if (group.Key >= from && group.Key <= to && group.Key > head - _options.ReorgDepth
                && !string.Equals(seen[0], HashOf(group.Key), StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            hashes[group.Key] = seen[0].ToLowerInvariant();
        }

        return hashes;
    }

    private static bool IsZero(string? hash) => string.IsNullOrEmpty(hash) || hash.AsSpan(hash.StartsWith("0x", StringComparison.Ordinal) ? 2 : 0).IndexOfAnyExcept('0') < 0;

    private List<ChainEvent> Decode(ChainLog[] logs, long from, long to)
    {
        var events = new List<ChainEvent>(logs.Length);
        var positions = new Dictionary<(long Block, long LogIndex), ChainEvent>();
        foreach (var log in logs)
        {
            if (log.Removed)
            {
                continue;
            }

            ChainEvent decoded;
            try
            {
                decoded = _decoder.Decode(log);
            }
            catch (FormatException ex)
            {
                throw Invalid(ex.Message);
            }

            if (decoded.BlockNumber < from || decoded.BlockNumber > to)
            {
                throw Invalid($"eth_getLogs for blocks {from}-{to} returned a log of block {decoded.BlockNumber}");
            }

            if (positions.TryGetValue((decoded.BlockNumber, decoded.LogIndex), out var earlier))
            {
                // The same log twice is dropped; two different logs at one position are not the chain.
                if (earlier.TransactionHash != decoded.TransactionHash || earlier.Kind != decoded.Kind || earlier.BlockHash != decoded.BlockHash)
                {
                    throw Invalid($"eth_getLogs returned two different logs at block {decoded.BlockNumber}, index {decoded.LogIndex}");
                }

                continue;
            }

            positions[(decoded.BlockNumber, decoded.LogIndex)] = decoded;
            events.Add(decoded);
        }

        return events;
    }

    /// <summary>
    /// The next range's size: scaled to hold about <see cref="IndexerOptions.TargetLogsPerRange"/>
    /// logs after a full answer, doubled after a sparse one.
    /// </summary>
    private void Adapt(int logCount, long span)
    {
        // Scaled from the span that gave these logs, not from the current size: with reads in
        // flight, that may already have been scaled by a later answer.
        if (logCount > _options.TargetLogsPerRange)
        {
            _range = (int)Math.Max(1, span * _options.TargetLogsPerRange / logCount);
        }
        else if (logCount < _options.TargetLogsPerRange / 2)
        {
            _range = (int)Math.Min(_options.MaxRange, Math.Max(_range, span * 2));
        }
    }

    /// <summary>Providers refuse wide ranges with a JSON-RPC error (a result limit) or time out on them.</summary>
    private static bool IsRangeTrouble(ChainRpcException ex)
    {
        if (ex.Failure == ChainRpcFailure.Unavailable)
        {
            return true;
        }

        var said = ex.Message.ToLowerInvariant();
        return said.Contains("range", StringComparison.Ordinal) || said.Contains("limit", StringComparison.Ordinal)
            || said.Contains("too many", StringComparison.Ordinal) || said.Contains("exceed", StringComparison.Ordinal)
            || said.Contains("too large", StringComparison.Ordinal) || said.Contains("timeout", StringComparison.Ordinal)
            || said.Contains("more than", StringComparison.Ordinal);
    }

    private ChainRpcException Invalid(string what) =>
        new("eth_getLogs", ChainRpcFailure.Unavailable, $"{_rpc.Endpoint} answered with chain data that does not check out: {what}; nothing from this range was indexed");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Indexer: the deployment record names other contracts (market {Old} → {New}); indexing again from the deploy block")]
    private static partial void LogNewContracts(ILogger logger, string old, string @new);

    [LoggerMessage(Level = LogLevel.Information, Message = "Indexer: eth_getLogs for blocks {From}-{To} failed, trying {Range} blocks per call: {Error}")]
    private static partial void LogRangeShrunk(ILogger logger, long from, long to, int range, string error);
}
