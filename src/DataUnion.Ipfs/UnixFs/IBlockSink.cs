using DataUnion.Core.Content;

namespace DataUnion.Ipfs.UnixFs;

/// <summary>Receives the blocks an import produces, leaves first, root last.</summary>
public interface IBlockSink
{
    /// <summary>
    /// Takes one block. <paramref name="block"/> is only valid until the returned task completes:
    /// the importer reuses the buffer, so a sink that keeps the bytes must copy them.
    /// </summary>
    ValueTask PutAsync(Cid cid, ReadOnlyMemory<byte> block, CancellationToken cancellationToken);
}
