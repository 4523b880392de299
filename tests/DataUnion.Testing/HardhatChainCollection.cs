using Xunit;

namespace DataUnion.Testing;

/// <summary>
/// The test collection that shares an assembly's one <see cref="HardhatChainFixture"/>, so its tests
/// run one at a time against it. xunit finds collection definitions only in the test assembly
/// itself, so each test assembly that uses the chain declares
/// <c>[CollectionDefinition(HardhatChainCollection.Name)] public sealed class ChainCollection : HardhatChainCollection;</c>
/// and its tests say <c>[Collection(HardhatChainCollection.Name)]</c>.
/// </summary>
public abstract class HardhatChainCollection : ICollectionFixture<HardhatChainFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "chain";
}
