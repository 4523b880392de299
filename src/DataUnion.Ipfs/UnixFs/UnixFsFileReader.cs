using DataUnion.Core.Content;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Dag;

namespace DataUnion.Ipfs.UnixFs;

/// <summary>
/// Streams a UnixFS file's bytes, depth-first through its chunks. Every block is hash-checked by
/// the store as it is read, and the total is checked against the root's declared size.
/// </summary>
public static class UnixFsFileReader
{
    /// <summary>Writes the file under <paramref name="root"/> to <paramref name="output"/>.</summary>
    /// <returns>Bytes written.</returns>
    public static async Task<long> CopyToAsync(IBlockStore store, Cid root, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        long written = 0;
        foreach (var chunk in Chunks(store, root))
        {
            await output.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            written += chunk.Length;
        }

        return written;
    }

    /// <summary>Writes the file under <paramref name="root"/> to <paramref name="output"/> on the calling thread.</summary>
    /// <returns>Bytes written.</returns>
    public static long CopyTo(IBlockStore store, Cid root, Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        long written = 0;
        foreach (var chunk in Chunks(store, root))
        {
            output.Write(chunk.Span);
            written += chunk.Length;
        }

        return written;
    }

    /// <summary>
    /// The file's bytes in order, block by block, depth-first through its chunks; after the last,
    /// the total is checked against the root's declared size.
    /// </summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Chunks(IBlockStore store, Cid root)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(root);
        var rootNode = Load(store, root);
        if (rootNode.Kind is not (UnixFsKind.File or UnixFsKind.Raw))
        {
            throw new DagFormatException($"{root} is a UnixFS {rootNode.Kind.ToString().ToLowerInvariant()}, not a file");
        }

        return Walk(store, root, rootNode);
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Walk(IBlockStore store, Cid root, UnixFsNode rootNode)
    {
        long written = 0;
        var stack = new Stack<(Cid Cid, UnixFsNode? Node)>();
        stack.Push((root, rootNode));
        while (stack.Count > 0)
        {
            var (cid, loaded) = stack.Pop();
            var node = loaded ?? Load(store, cid);
            if (node.Kind is not (UnixFsKind.File or UnixFsKind.Raw))
            {
                throw new DagFormatException($"{cid}, inside the file {root}, is a UnixFS {node.Kind.ToString().ToLowerInvariant()}");
            }

            if (!node.Data.IsEmpty)
            {
                yield return node.Data;
                written += node.Data.Length;
            }

            for (var i = node.Links.Count - 1; i >= 0; i--)
            {
                stack.Push((node.Links[i].Cid, null));
            }
        }

        if (rootNode.FileSize is { } declared && (ulong)written != declared)
        {
            throw new DagFormatException($"the file {root} declares {declared} bytes but its chunks hold {written}");
        }
    }

    /// <summary>Decodes the block of <paramref name="cid"/>, or throws when it is absent.</summary>
    public static UnixFsNode Load(IBlockStore store, Cid cid)
    {
        ArgumentNullException.ThrowIfNull(store);
        var block = store.Get(cid) ?? throw new BlockNotFoundException(cid, $"block {cid} is not in the store");
        return UnixFsNode.Decode(cid, block);
    }
}
