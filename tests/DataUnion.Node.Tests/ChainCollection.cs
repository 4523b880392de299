using DataUnion.Testing;

namespace DataUnion.Node.Tests;

/// <summary>Tests that share the assembly's Hardhat node run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ChainCollection : ICollectionFixture<HardhatChainFixture>
{
    public const string Name = "chain";
}
