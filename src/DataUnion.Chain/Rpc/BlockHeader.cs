namespace DataUnion.Chain.Rpc;

/// <summary>What the indexer's checks need of a block: its number, its hash and its parent's.</summary>
/// <param name="Number">The block number.</param>
/// <param name="Hash">Its hash (0x-hex, lower case).</param>
/// <param name="ParentHash">Its parent's hash (0x-hex, lower case).</param>
public sealed record BlockHeader(long Number, string Hash, string ParentHash);
