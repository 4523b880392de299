using DataUnion.Core.Content;
using DataUnion.Ipfs.UnixFs;

namespace DataUnion.Ipfs.Blocks;

/// <summary>Writes an import's blocks into an <see cref="IBlockStore"/> within one batch.</summary>
public sealed class BlockStoreSink(IBlockStore store, IBlockWriteBatch batch) : IBlockSink
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
