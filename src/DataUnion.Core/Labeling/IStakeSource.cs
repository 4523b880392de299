namespace DataUnion.Core.Labeling;

/// <summary>
/// Where a labeler's stake comes from. The node reads the staking contract's events through the
/// chain indexer; tests and offline runs use fixed figures.
/// </summary>
public interface IStakeSource
{
    /// <summary>The stake that weighs <paramref name="labeler"/>'s votes, in token base units (not negative).</summary>
    double StakeOf(string labeler);
}
