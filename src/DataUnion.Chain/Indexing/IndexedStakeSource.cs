using DataUnion.Core.Labeling;
using Microsoft.Extensions.Options;

namespace DataUnion.Chain.Indexing;

/// <summary>
/// Labelers' stakes from the chain indexer: the active stake the LabelerStaking events add up to.
/// With the indexer switched off, nobody has stake (votes are weighed by reputation alone); while
/// it is enabled but not running yet, reading a stake fails rather than guess.
/// </summary>
public sealed class IndexedStakeSource(IndexerService indexer, IOptions<IndexerOptions> options) : IStakeSource
{
    /// <inheritdoc />
    /// <exception cref="StakeUnavailableException">The indexer is enabled but not running.</exception>
    public double StakeOf(string labeler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(labeler);
        if (!options.Value.Enabled)
        {
            return 0;
        }

        var running = indexer.Indexer ?? throw new StakeUnavailableException(
            $"stakes cannot be read: the chain indexer is not running ({indexer.LastError ?? "the chain is still coming up"})");
        // Labelers are wallet addresses; anything else has never staked.
        return labeler.StartsWith("0x", StringComparison.Ordinal) ? (double)running.Store.Stake(labeler).Active : 0;
    }
}
