namespace DataUnion.Chain;

/// <summary>Where the chain layer keeps its files inside the node's data directory.</summary>
/// <param name="LocalChainDirectory">The chain folder: the local chain's deployment record and Ignition journal, and the chain databases.</param>
public sealed record ChainPaths(string LocalChainDirectory);
