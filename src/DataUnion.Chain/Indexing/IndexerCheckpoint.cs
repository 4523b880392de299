namespace DataUnion.Chain.Indexing;

/// <summary>How far the index goes, and for which contracts.</summary>
/// <param name="LastBlock">Last block whose events are all indexed.</param>
/// <param name="Market">Market address (lower-case).</param>
/// <param name="Staking">Staking address (lower-case).</param>
/// <param name="DeployBlock">Block the contracts were deployed in: where indexing starts.</param>
public sealed record IndexerCheckpoint(long LastBlock, string Market, string Staking, long DeployBlock);
