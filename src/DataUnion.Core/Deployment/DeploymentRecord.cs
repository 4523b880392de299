namespace DataUnion.Core.Deployment;

/// <summary>
/// What <c>deploy/deploy.js</c> writes after deploying the contracts, and what the daemon
/// checks the chain against before it serves anything.
/// </summary>
/// <param name="SchemaVersion">Layout version of the record file; see <see cref="CurrentSchemaVersion"/>.</param>
/// <param name="ChainId">EIP-155 chain id the contracts live on.</param>
/// <param name="Network">Hardhat network name the deploy ran against (informational).</param>
/// <param name="DeployBlock">First block that holds a deployed contract; indexers start here.</param>
/// <param name="Contracts">Deployed contracts by name.</param>
public sealed record DeploymentRecord(
    int SchemaVersion,
    long ChainId,
    string Network,
    long DeployBlock,
    IReadOnlyDictionary<string, DeployedContract> Contracts)
{
    /// <summary>The record layout this code reads and writes.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The contract named <paramref name="name"/>, or a clear error naming what the record holds.</summary>
    public DeployedContract GetContract(string name) =>
        Contracts.TryGetValue(name, out var contract)
            ? contract
            : throw new InvalidDeploymentRecordException(
                $"the deployment record has no contract '{name}' (it has: {string.Join(", ", Contracts.Keys)})");
}
