namespace DataUnion.Chain.Indexing;

/// <summary>What one indexer pass did.</summary>
/// <param name="LastBlock">Last indexed block after the pass.</param>
/// <param name="Head">The chain's head when the pass looked.</param>
/// <param name="Events">Events added.</param>
/// <param name="RolledBack">Events removed by a reorg rollback, or null when there was none.</param>
public sealed record IndexerPass(long LastBlock, long Head, int Events, int? RolledBack)
{
    /// <summary>True when the index reached the head.</summary>
    public bool CaughtUp => LastBlock >= Head;
}
