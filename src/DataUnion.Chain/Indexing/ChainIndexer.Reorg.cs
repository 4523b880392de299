using Microsoft.Extensions.Logging;

namespace DataUnion.Chain.Indexing;

public sealed partial class ChainIndexer
{
    /// <summary>
    /// Compares the newest indexed block's hash with the chain's. On a mismatch, walks the kept
    /// hashes down to the newest one the chain still has and removes everything above it. When
    /// none matches, the reorg is deeper than the kept hashes and the index starts over.
    /// </summary>
    /// <returns>Number of events removed, or null when there was no reorg.</returns>
    private async Task<int?> CheckForReorgAsync(CancellationToken cancellationToken)
    {
        var known = _store.RecentBlocks();
        if (known.Count == 0)
        {
            return null;
        }

        var head = await _rpc.BlockNumberAsync(cancellationToken).ConfigureAwait(false);
        if (await MatchesAsync(known[0], head, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var last = LastBlock;
        foreach (var block in known.Skip(1))
        {
            if (await MatchesAsync(block, head, cancellationToken).ConfigureAwait(false))
            {
                var removed = _store.RollbackTo(block.Number);
                LogReorg(_logger, last, block.Number, removed);
                return removed;
            }
        }

        var count = _store.RollbackTo(_deployBlock - 1);
        LogDeepReorg(_logger, known[^1].Number, count);
        return count;
    }

    /// <summary>
    /// True when the chain still has <paramref name="block"/>. A block above the head is gone (the
    /// chain got shorter); a missing block below the head is a bad answer, not a reorg.
    /// </summary>
    private async Task<bool> MatchesAsync((long Number, string Hash) block, long head, CancellationToken cancellationToken)
    {
        if (block.Number > head)
        {
            return false;
        }

        var current = await _rpc.BlockAsync(block.Number, cancellationToken).ConfigureAwait(false)
                      ?? throw Invalid($"block {block.Number} is missing, though the head is {head}");
        return string.Equals(current.BlockHash, block.Hash, StringComparison.OrdinalIgnoreCase);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Indexer: reorg below block {Last}; rolled back to block {Ancestor}, removing {Removed} event(s), and indexing again")]
    private static partial void LogReorg(ILogger logger, long last, long ancestor, int removed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Indexer: reorg deeper than the kept block hashes (down to block {Oldest}); removed all {Removed} event(s) and indexing again from the deploy block")]
    private static partial void LogDeepReorg(ILogger logger, long oldest, int removed);
}
