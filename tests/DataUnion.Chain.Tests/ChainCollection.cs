using DataUnion.Testing;

namespace DataUnion.Chain.Tests;

/// <summary>This assembly's tests that share its Hardhat node (see <see cref="HardhatChainCollection"/>).</summary>
[CollectionDefinition(HardhatChainCollection.Name)]
public sealed class ChainCollection : HardhatChainCollection;
