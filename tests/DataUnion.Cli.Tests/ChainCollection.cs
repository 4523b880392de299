using DataUnion.Testing;

namespace DataUnion.Cli.Tests;

[CollectionDefinition(Name)]
public sealed class ChainCollection : ICollectionFixture<HardhatChainFixture>
{
    public const string Name = "chain";
}
