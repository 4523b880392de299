using DataUnion.Core.Content;
using DataUnion.Ipfs.UnixFs;

namespace DataUnion.Ipfs.Blocks;

/// <summary>Writes an import's blocks into a <see cref="FileBlockStore"/> within one batch.</summary>
public sealed class BlockStoreSink(FileBlockStore store, BlockWriteBatch batch) : IBlockSink
{
    /// <summary>CIDs written, leaves first and the root last.</summary>
    public List<Cid> Written { get; } = [];

    /// <inheritdoc />
    public ValueTask PutAsync(Cid cid, ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        store.Put(cid, block.Span, batch);
        Written.Add(cid);
        return ValueTask.CompletedTask;
    }
}
