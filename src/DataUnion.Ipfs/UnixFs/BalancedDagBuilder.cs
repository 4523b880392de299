using System.Buffers;
using DataUnion.Core.Content;

namespace DataUnion.Ipfs.UnixFs;

/// <summary>
/// kubo's balanced layout: the first leaf is the root until a second chunk exists; each time
/// the tree is full at its depth it becomes the first child of a new root one level deeper,
/// and every node is filled with up to <see cref="ImportOptions.MaxLinks"/> children before
/// the next one starts. Blocks reach the sink bottom-up, so a parent never precedes a child.
/// </summary>
internal sealed class BalancedDagBuilder(FixedSizeChunker chunker, ImportOptions options, IBlockSink sink)
{
    public async Task<DagLink> BuildAsync(CancellationToken cancellationToken)
    {
        if (!await chunker.HasMoreAsync(cancellationToken).ConfigureAwait(false))
        {
            return await PutLeafAsync(ReadOnlyMemory<byte>.Empty, writeData: false, cancellationToken).ConfigureAwait(false);
        }

        var root = await PutLeafAsync(chunker.Take(), writeData: true, cancellationToken).ConfigureAwait(false);
        for (var depth = 1; await chunker.HasMoreAsync(cancellationToken).ConfigureAwait(false); depth++)
        {
            var children = new List<DagLink>(options.MaxLinks) { root };
            root = await FillAsync(children, depth, cancellationToken).ConfigureAwait(false);
        }

        return root;
    }

    private async Task<DagLink> FillAsync(List<DagLink> children, int depth, CancellationToken cancellationToken)
    {
        while (children.Count < options.MaxLinks && await chunker.HasMoreAsync(cancellationToken).ConfigureAwait(false))
        {
            var child = depth == 1
                ? await PutLeafAsync(chunker.Take(), writeData: true, cancellationToken).ConfigureAwait(false)
                : await FillAsync(new List<DagLink>(options.MaxLinks), depth - 1, cancellationToken).ConfigureAwait(false);
            children.Add(child);
        }

        return await PutNodeAsync(children, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DagLink> PutLeafAsync(ReadOnlyMemory<byte> chunk, bool writeData, CancellationToken cancellationToken)
    {
        if (options.RawLeaves)
        {
            var rawCid = Cid.V1(Multicodec.Raw, Multihash.Sha256(chunk.Span));
            await sink.PutAsync(rawCid, chunk, cancellationToken).ConfigureAwait(false);
            return new DagLink(rawCid, (ulong)chunk.Length, (ulong)chunk.Length);
        }

        var size = DagPb.LeafSize(chunk.Length, writeData);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            DagPb.WriteLeaf(chunk.Span, writeData, buffer.AsSpan(0, size));
            var block = buffer.AsMemory(0, size);
            var cid = DagCid(block.Span);
            await sink.PutAsync(cid, block, cancellationToken).ConfigureAwait(false);
            return new DagLink(cid, (ulong)chunk.Length, (ulong)size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<DagLink> PutNodeAsync(List<DagLink> children, CancellationToken cancellationToken)
    {
        var blockSizes = new ulong[children.Count];
        ulong fileSize = 0;
        ulong childrenTotal = 0;
        for (var i = 0; i < children.Count; i++)
        {
            blockSizes[i] = children[i].FileSize;
            fileSize += children[i].FileSize;
            childrenTotal += children[i].TotalSize;
        }

        var block = DagPb.EncodeNode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(children), [], UnixFsData.FileNode(fileSize, blockSizes));
        var cid = DagCid(block);
        await sink.PutAsync(cid, block, cancellationToken).ConfigureAwait(false);
        return new DagLink(cid, fileSize, (ulong)block.Length + childrenTotal);
    }

    private Cid DagCid(ReadOnlySpan<byte> block)
    {
        var hash = Multihash.Sha256(block);
        return options.CidVersion == 0 ? Cid.V0(hash) : Cid.V1(Multicodec.DagPb, hash);
    }
}
