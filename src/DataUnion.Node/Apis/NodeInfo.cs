namespace DataUnion.Node.Apis;

/// <summary>What <c>GET /api/v1/node</c> returns.</summary>
/// <param name="Version">Node software version.</param>
/// <param name="DataDirectory">Absolute path of the data directory.</param>
/// <param name="SchemaVersion">Database schema version.</param>
/// <param name="Chain">The verified chain.</param>
/// <param name="Operator">The operator wallet's address and where its key came from (keystore, developmentKey or none).</param>
public sealed record NodeInfo(string Version, string DataDirectory, int SchemaVersion, ChainInfo Chain, OperatorInfo Operator);

/// <summary>The operator wallet part of <see cref="NodeInfo"/>; never any key material.</summary>
/// <param name="Address">Checksummed address, or null without a wallet.</param>
/// <param name="Source">keystore, developmentKey or none.</param>
public sealed record OperatorInfo(string? Address, string Source);

/// <summary>The chain part of <see cref="NodeInfo"/>.</summary>
/// <param name="ChainId">EIP-155 chain id.</param>
/// <param name="RpcUrl">Endpoint with any API key removed.</param>
/// <param name="Local">True when the node runs this chain itself.</param>
/// <param name="DeployBlock">First block of the deployment.</param>
/// <param name="Contracts">Contract addresses by name.</param>
public sealed record ChainInfo(long ChainId, string RpcUrl, bool Local, long DeployBlock, IReadOnlyDictionary<string, string> Contracts);
