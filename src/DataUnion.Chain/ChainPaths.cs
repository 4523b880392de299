namespace DataUnion.Chain;

/// <summary>Where the chain layer keeps its files inside the node's data directory.</summary>
/// <param name="LocalChainDirectory">Deployment record and Ignition journal of the local chain.</param>
public sealed record ChainPaths(string LocalChainDirectory);
