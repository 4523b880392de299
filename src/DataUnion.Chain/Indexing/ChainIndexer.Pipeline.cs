using System.Threading.Channels;
using DataUnion.Chain.Rpc;

namespace DataUnion.Chain.Indexing;

public sealed partial class ChainIndexer
{
    /// <summary>Ranges waiting between two stages: enough to keep the reads going, bounded in memory.</summary>
    private const int PipelineDepth = 2;

    /// <summary>
    /// One pass: the reorg check, then every range up to the head it saw, through a bounded, ordered
    /// pipeline of three stages that run at once. The first reads ranges (<c>eth_getLogs</c>, the
    /// next one asked while the last is parsed) and asks for each range's headers once its logs are
    /// in; the second decodes each range and checks it against those headers (its first block
    /// follows the block before it; its recent events are in the blocks the headers name); the
    /// third commits the checked ranges in block order, all that are waiting in one
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

        // Rethrows what stopped a stage (the check's first), now that every range checked before it
        // is committed; both stages are awaited, so neither ends unobserved.
        await Task.WhenAll(checking, reading).ConfigureAwait(false);
        return new IndexerPass(last, head, events, rolledBack);
    }

    /// <summary>
    /// The first stage: reads ranges from <paramref name="last"/> + 1 up to <paramref name="head"/>,
    /// <see cref="IndexerOptions.ReadsInFlight"/> at a time, so the node prepares the next answer while this one
    /// is parsed; the answers go on in block order. The range size halves when the node refuses or
    /// struggles (the reads after the failed one are dropped and asked again in the new size), and
    /// follows the number of logs per answer. Stops quietly when a later stage stops the pass.
    /// </summary>
    private async Task ReadAsync(ChannelWriter<ReadRange> ranges, long last, long head, CancellationTokenSource stop, CancellationToken caller)
    {
        // Reads asked ahead under one token: when the range shrinks they are cancelled, not waited out.
        var reads = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var pending = new Queue<(long From, long To, Task<ChainLog[]> Logs)>();
        try
        {
            var asked = last;
            while (last < head)
            {
                while (pending.Count < _options.ReadsInFlight && asked < head)
                {
                    var next = (From: asked + 1, To: Math.Min(head, asked + _range));
                    pending.Enqueue((next.From, next.To, _rpc.LogsAsync(Filter(next.From, next.To), reads.Token)));
                    asked = next.To;
                }

                var (from, to, read) = pending.Dequeue();
                ChainLog[] logs;
                try
                {
                    logs = await read.ConfigureAwait(false);
                }
                catch (ChainRpcException ex) when (to > from && IsRangeTrouble(ex))
                {
                    // Judged by the span that failed, not the size ranges have since: a single block
                    // the node cannot answer is a failure, not a reason to shrink.
                    _range = Math.Max(1, Math.Min(_range, (int)(to - from + 1)) / 2);
                    LogRangeShrunk(_logger, from, to, _range, ex.Message);
                    await reads.CancelAsync().ConfigureAwait(false);
                    await DropAsync(pending).ConfigureAwait(false);
                    reads.Dispose();
                    reads = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                    asked = last;
                    continue;
                }

                Adapt(logs.Length, to - from + 1);
                // The headers are asked for now, so they arrive while earlier ranges are checked.
                var headers = ReadHeadersAsync(logs, from, to, head, stop.Token);
                try
                {
                    await ranges.WriteAsync(new ReadRange(from, to, logs, headers), stop.Token).ConfigureAwait(false);
                }
                catch
                {
                    // Not handed on, so nobody else will see how its headers' read ends.
                    await headers.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                    throw;
                }

                last = to;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !caller.IsCancellationRequested)
        {
            // A later stage ended the pass.
        }
        finally
        {
            // Reads asked ahead are not wanted any more: stopped, and their outcomes observed.
            await reads.CancelAsync().ConfigureAwait(false);
            await DropAsync(pending).ConfigureAwait(false);
            reads.Dispose();
            ranges.TryComplete();
        }
    }

    /// <summary>Observes the ends of reads whose answers are no longer wanted (the caller has cancelled them).</summary>
    private static async Task DropAsync(Queue<(long From, long To, Task<ChainLog[]> Logs)> pending)
    {
        while (pending.TryDequeue(out var unwanted))
        {
            await unwanted.Logs.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The second stage: decodes each range and checks it against the chain's headers, which the
    /// first stage asked for right after the range's logs. A range that does not check out stops the reads; the ranges before it are still committed.
    /// </summary>
    private async Task CheckAsync(ChannelReader<ReadRange> read, ChannelWriter<CheckedRange> ranges, long head, string? parent, CancellationTokenSource stop, CancellationToken caller)
    {
        try
        {
            await foreach (var range in read.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                // Decoded while its headers may still be on their way; nothing decoded is kept
                // unless the range checks out. Logs that do not decode are judged after the
                // headers: two different logs at one position are what a reorg during the read
                // looks like, and then the chain moved rather than answered garbage.
                PreparedEvents? events = null;
                Exception? undecodable = null;
                try
                {
                    events = ChainEventStore.Prepare(Decode(range.Logs, range.From, range.To));
                }
                catch (Exception ex) when (ex is ChainRpcException or FormatException)
                {
                    undecodable = ex;
                }

                var headers = await range.Headers.ConfigureAwait(false);
                if (VerifyAgainstHeaders(range.Logs, headers, range.From, range.To, head, parent) is not { } hashes)
                {
                    // The chain moved while the range was read; the next pass sees where it settled.
                    await stop.CancelAsync().ConfigureAwait(false);
                    return;
                }

                if (undecodable is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(undecodable);
                }

                await ranges.WriteAsync(new CheckedRange(range.To, events!, hashes), stop.Token).ConfigureAwait(false);
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
            // Headers asked for ranges that will not be checked now: their outcomes are observed.
            while (read.TryRead(out var unwanted))
            {
                await unwanted.Headers.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }

            ranges.TryComplete();
        }
    }

    /// <summary>A range as read, waiting for its check; its headers are being read.</summary>
    private sealed record ReadRange(long From, long To, ChainLog[] Logs, Task<IReadOnlyDictionary<long, BlockHeader>> Headers);

    /// <summary>A range read, checked and decoded, waiting to be committed.</summary>
    private sealed record CheckedRange(long To, PreparedEvents Events, Dictionary<long, string> Hashes);
}
