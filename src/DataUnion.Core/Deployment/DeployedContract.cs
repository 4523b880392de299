namespace DataUnion.Core.Deployment;

/// <summary>One contract of a deployment record.</summary>
/// <param name="Name">Contract name, as in the Hardhat artifact (for example <c>DataUnionToken</c>).</param>
/// <param name="Address">Address the contract was deployed at, <c>0x</c> + 40 hex digits.</param>
/// <param name="Artifact">Fully qualified artifact name, <c>source.sol:Contract</c>.</param>
/// <param name="CodeHash">keccak256 of the runtime code read back from the chain after deployment.</param>
/// <param name="AbiHash">keccak256 of the artifact's ABI JSON, to detect a C# side built from another ABI.</param>
public sealed record DeployedContract(string Name, string Address, string Artifact, string CodeHash, string AbiHash);
