using DataUnion.Core.Content;

namespace DataUnion.Ipfs.UnixFs;

/// <summary>Drops every block: what <c>--only-hash</c> imports into.</summary>
public sealed class DiscardingBlockSink : IBlockSink
{
    /// <summary>The shared instance.</summary>
    public static DiscardingBlockSink Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask PutAsync(Cid cid, ReadOnlyMemory<byte> block, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
