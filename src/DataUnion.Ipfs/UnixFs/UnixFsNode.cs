using DataUnion.Core.Content;
using DataUnion.Ipfs.Dag;

namespace DataUnion.Ipfs.UnixFs;

/// <summary>The UnixFS view of a block: what kind of entry it is and the bytes it carries itself.</summary>
/// <param name="Kind">File, directory, raw, or another UnixFS type this node does not serve.</param>
/// <param name="Data">File bytes held in this block (not in its children).</param>
/// <param name="FileSize">Size of the whole file, when the block says.</param>
/// <param name="Links">Children (file chunks, or directory entries with names).</param>
/// <param name="HashType">For a HAMT shard: the multicodec of its name hash.</param>
/// <param name="Fanout">For a HAMT shard: its slots.</param>
/// <param name="BlockSizes">For a chunked file: the file bytes under each link, in link order.</param>
public sealed record UnixFsNode(UnixFsKind Kind, ReadOnlyMemory<byte> Data, ulong? FileSize, IReadOnlyList<DagPbLink> Links, ulong? HashType = null, ulong? Fanout = null, IReadOnlyList<ulong>? BlockSizes = null)
{
    /// <summary>Interprets <paramref name="block"/> (the bytes of <paramref name="cid"/>).</summary>
    public static UnixFsNode Decode(Cid cid, byte[] block)
    {
        ArgumentNullException.ThrowIfNull(cid);
        ArgumentNullException.ThrowIfNull(block);
        if (cid.Codec == Multicodec.Raw)
        {
            return new UnixFsNode(UnixFsKind.Raw, block, (ulong)block.Length, []);
        }

        if (cid.Codec != Multicodec.DagPb)
        {
            throw new DagFormatException($"{cid} is {Multicodec.NameOf(cid.Codec)}, not a UnixFS node");
        }

        var node = DagPbNode.Decode(block);
        if (node.Data is null)
        {
            throw new DagFormatException($"{cid} is a dag-pb node without UnixFS data");
        }

        var (type, data, fileSize, hashType, fanout, blockSizes) = ReadData(cid, node.Data);
        var kind = type switch
        {
            0 => UnixFsKind.Raw,
            1 => UnixFsKind.Directory,
            2 => UnixFsKind.File,
            5 => UnixFsKind.HamtShard,
            _ => UnixFsKind.Unsupported,
        };
        return new UnixFsNode(kind, data, fileSize, node.Links, hashType, fanout, blockSizes);
    }

    private static (ulong Type, ReadOnlyMemory<byte> Data, ulong? FileSize, ulong? HashType, ulong? Fanout, IReadOnlyList<ulong> BlockSizes) ReadData(Cid cid, byte[] message)
    {
        var blockSizes = new List<ulong>();
        ulong? type = null;
        ulong? hashType = null;
        ulong? fanout = null;
        ReadOnlyMemory<byte> data = ReadOnlyMemory<byte>.Empty;
        ulong? fileSize = null;
        var position = 0;
        while (position < message.Length)
        {
            if (!Varint.TryRead(message.AsSpan(position), out var tag, out var read))
            {
                throw new DagFormatException($"{cid}: UnixFS data has an invalid field tag");
            }

            position += read;
            var field = tag >> 3;
            switch (tag & 7)
            {
                case 0:
                    if (!Varint.TryRead(message.AsSpan(position), out var value, out read))
                    {
                        throw new DagFormatException($"{cid}: UnixFS field {field} is not a valid varint");
                    }

                    position += read;
                    if (field == 1)
                    {
                        type = value;
                    }
                    else if (field == 3)
                    {
                        fileSize = value;
                    }
                    else if (field == 5)
                    {
                        hashType = value;
                    }
                    else if (field == 6)
                    {
                        fanout = value;
                    }
                    else if (field == 4)
                    {
                        blockSizes.Add(value);
                    }

                    break;
                case 2:
                    if (!Varint.TryRead(message.AsSpan(position), out var length, out read) || length > (ulong)(message.Length - position - read))
                    {
                        throw new DagFormatException($"{cid}: UnixFS field {field} is truncated");
                    }

                    position += read;
                    if (field == 2)
                    {
                        data = message.AsMemory(position, (int)length);
                    }
                    else if (field == 4)
                    {
                        // Packed block sizes (proto3 writers): varints back to back.
                        for (var at = position; at < position + (int)length; at += read)
                        {
                            if (!Varint.TryRead(message.AsSpan(at, position + (int)length - at), out var size, out read))
                            {
                                throw new DagFormatException($"{cid}: UnixFS block sizes are not valid varints");
                            }

                            blockSizes.Add(size);
                        }
                    }

                    position += (int)length;
                    break;
                default:
                    throw new DagFormatException($"{cid}: UnixFS field {field} has unsupported wire type {tag & 7}");
            }
        }

        return (type ?? throw new DagFormatException($"{cid}: UnixFS data has no Type"), data, fileSize, hashType, fanout, blockSizes);
    }
}
