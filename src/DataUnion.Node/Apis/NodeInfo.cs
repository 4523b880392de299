namespace DataUnion.Node.Apis;

/// <summary>What <c>GET /api/v1/node</c> returns.</summary>
/// <param name="Version">Node software version.</param>
/// <param name="DataDirectory">Absolute path of the data directory.</param>
/// <param name="SchemaVersion">Database schema version.</param>
/// <param name="Chain">The verified chain.</param>
public sealed record NodeInfo(string Version, string DataDirectory, int SchemaVersion, ChainInfo Chain);

/// <summary>The chain part of <see cref="NodeInfo"/>.</summary>
/// <param name="ChainId">EIP-155 chain id.</param>
/// <param name="RpcUrl">Endpoint with any API key removed.</param>
/// <param name="Local">True when the node runs this chain itself.</param>
/// <param name="DeployBlock">First block of the deployment.</param>
/// <param name="Contracts">Contract addresses by name.</param>
public sealed record ChainInfo(long ChainId, string RpcUrl, bool Local, long DeployBlock, IReadOnlyDictionary<string, string> Contracts);
