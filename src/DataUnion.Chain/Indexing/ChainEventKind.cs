namespace DataUnion.Chain.Indexing;

/// <summary>The contract events the indexer follows.</summary>
public enum ChainEventKind
{
    /// <summary><c>DatasetMarket.VersionPublished</c>.</summary>
    VersionPublished,

    /// <summary><c>DatasetMarket.VersionRetired</c>.</summary>
    VersionRetired,

    /// <summary><c>DatasetMarket.Purchased</c>.</summary>
    Purchased,

    /// <summary><c>DatasetMarket.Claimed</c>.</summary>
    Claimed,

    /// <summary><c>LabelerStaking.Staked</c>.</summary>
    Staked,

    /// <summary><c>LabelerStaking.UnstakeRequested</c>.</summary>
    UnstakeRequested,

    /// <summary><c>LabelerStaking.Unstaked</c>.</summary>
    Unstaked,

    /// <summary><c>LabelerStaking.Slashed</c>.</summary>
    Slashed,
}
