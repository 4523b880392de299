using System.Threading.Channels;
using DataUnion.Chain.Rpc;

namespace DataUnion.Chain.Indexing;

public sealed partial class ChainIndexer
{
    /// <summary>Ranges waiting between two stages: enough to keep the reads going, bounded in memory.</summary>
    private const int PipelineDepth = 2;

    /// <summary>
    /// One pass: the reorg check, then every range up to the head it saw, through a bounded, ordered
    /// pipeline of three stages that run at once. The first reads ranges (<c>eth_getLogs</c>) one
    /// after another; the second checks each against the chain's headers (its first block follows
    /// the block before it; its recent events are in the blocks the headers name) and decodes it;
    /// the third commits the checked ranges in block order, all that are waiting in one
    /// transaction. A range that fails the checks ends the pass, and the next pass's reorg check
    /// sees where the chain settled.
    /// </summary>
    /// <returns>What the pass did.</returns>
    /// <exception cref="ChainRpcException">The chain did not answer, or answered with data that does not check out.
    /// Ranges read and checked before the failure are committed first.</exception>
    public async Task<IndexerPass> SyncOnceAsync(CancellationToken cancellationToken)
    {
        var rolledBack = await CheckForReorgAsync(cancellationToken).ConfigureAwait(false);
        var last = LastBlock;
        var head = await _rpc.BlockNumberAsync(cancellationToken).ConfigureAwait(false);
        if (last >= head)
        {
            return new IndexerPass(last, head, 0, rolledBack);
        }

        var parent = _store.RecentBlocks() is [var newest, ..] && newest.Number == last ? newest.Hash : null;
        var read = Channel.CreateBounded<ReadRange>(new BoundedChannelOptions(PipelineDepth) { SingleReader = true, SingleWriter = true });
        var checkedRanges = Channel.CreateBounded<CheckedRange>(new BoundedChannelOptions(PipelineDepth) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadAsync(read.Writer, last, head, stop, cancellationToken);
        var checking = CheckAsync(read.Reader, checkedRanges.Writer, head, parent, stop, cancellationToken);
        var events = 0;
        try
        {
            while (await checkedRanges.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // Every range waiting goes into one transaction: when the commits fall behind the
                // reads, they catch up in fewer, larger transactions.
                var batch = new PreparedEvents();
                var hashes = new Dictionary<long, string>();
                var to = last;
                while (checkedRanges.Reader.TryRead(out var range))
                {
                    batch.Add(range.Events);
                    foreach (var (number, hash) in range.Hashes)
                    {
                        hashes[number] = hash;
                    }

                    to = range.To;
                }

                _store.Commit(batch, hashes, _store.Checkpoint()! with { LastBlock = to }, _options.ReorgDepth);
                (last, events) = (to, events + batch.Events);
            }
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(reading, checking).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        // Rethrows what stopped a stage, now that every range checked before it is committed.
        await checking.ConfigureAwait(false);
        await reading.ConfigureAwait(false);
        return new IndexerPass(last, head, events, rolledBack);
    }

    /// <summary>
    /// The first stage: reads ranges from <paramref name="last"/> + 1 up to <paramref name="head"/>.
    /// The range size halves when the node refuses or struggles, and follows the number of logs
    /// per answer. Stops quietly when a later stage stops the pass.
    /// </summary>
    private async Task ReadAsync(ChannelWriter<ReadRange> ranges, long last, long head, CancellationTokenSource stop, CancellationToken caller)
    {
        try
        {
            while (last < head)
            {
                var from = last + 1;
                var to = Math.Min(head, last + _range);
                ChainLog[] logs;
                try
                {
                    logs = await _rpc.LogsAsync(Filter(from, to), stop.Token).ConfigureAwait(false);
                }
                catch (ChainRpcException ex) when (_range > 1 && IsRangeTrouble(ex))
                {
                    _range = Math.Max(1, _range / 2);
                    LogRangeShrunk(_logger, from, to, _range, ex.Message);
                    continue;
                }

                Adapt(logs.Length);
                await ranges.WriteAsync(new ReadRange(from, to, logs), stop.Token).ConfigureAwait(false);
                last = to;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !caller.IsCancellationRequested)
        {
            // A later stage ended the pass.
        }
        finally
        {
            ranges.TryComplete();
        }
    }

    /// <summary>
    /// The second stage: checks each range against the chain's headers and decodes it. A range
    /// that does not check out stops the reads; the ranges before it are still committed.
    /// </summary>
    private async Task CheckAsync(ChannelReader<ReadRange> read, ChannelWriter<CheckedRange> ranges, long head, string? parent, CancellationTokenSource stop, CancellationToken caller)
    {
        try
        {
            await foreach (var range in read.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                if (await VerifyAgainstHeadersAsync(range.Logs, range.From, range.To, head, parent, stop.Token).ConfigureAwait(false) is not { } hashes)
                {
                    // The chain moved while the range was read; the next pass sees where it settled.
                    await stop.CancelAsync().ConfigureAwait(false);
                    return;
                }

                var events = ChainEventStore.Prepare(Decode(range.Logs, range.From, range.To));
                await ranges.WriteAsync(new CheckedRange(range.To, events, hashes), stop.Token).ConfigureAwait(false);
                parent = hashes[range.To];
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !caller.IsCancellationRequested)
        {
            // The pass ended.
        }
        catch
        {
            // Nothing more will be checked, so nothing more is to be read.
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            ranges.TryComplete();
        }
    }

    /// <summary>A range as read, waiting for its check.</summary>
    private sealed record ReadRange(long From, long To, ChainLog[] Logs);

    /// <summary>A range read, checked and decoded, waiting to be committed.</summary>
    private sealed record CheckedRange(long To, PreparedEvents Events, Dictionary<long, string> Hashes);
}
