using System.Text;
using DataUnion.Core.Content;

namespace DataUnion.Ipfs.Dag;

/// <summary>
/// A decoded dag-pb node. Decoding is strict, as the dag-pb spec asks: only Links (field 2)
/// and Data (field 1), links before data, each link with a Hash; anything else is refused.
/// </summary>
public sealed record DagPbNode(IReadOnlyList<DagPbLink> Links, byte[]? Data)
{
    /// <summary>Decodes <paramref name="block"/>, or throws <see cref="DagFormatException"/>.</summary>
    public static DagPbNode Decode(ReadOnlySpan<byte> block)
    {
        var links = new List<DagPbLink>();
        byte[]? data = null;
        var position = 0;
        while (position < block.Length)
        {
            var (field, wireType) = ReadTag(block, ref position);
            if (wireType != 2)
            {
                throw new DagFormatException($"dag-pb field {field} has wire type {wireType}; PBNode fields are length-delimited");
            }

            var body = ReadLengthDelimited(block, ref position);
            switch (field)
            {
                case 2 when data is not null:
                    throw new DagFormatException("dag-pb Links appear after Data; links must come first");
                case 2:
                    links.Add(DecodeLink(body, links.Count));
                    break;
                case 1 when data is not null:
                    throw new DagFormatException("dag-pb Data appears twice");
                case 1:
                    data = body.ToArray();
                    break;
                default:
                    throw new DagFormatException($"dag-pb has unknown field {field}");
            }
        }

        return new DagPbNode(links, data);
    }

    private static DagPbLink DecodeLink(ReadOnlySpan<byte> body, int index)
    {
        Cid? cid = null;
        string? name = null;
        ulong? tsize = null;
        var position = 0;
        var lastField = 0;
        while (position < body.Length)
        {
            var (field, wireType) = ReadTag(body, ref position);
            if (field <= lastField)
            {
                throw new DagFormatException($"dag-pb link {index}: fields out of order or repeated (field {field})");
            }

            lastField = field;
            switch (field, wireType)
            {
                case (1, 2):
                    var hash = ReadLengthDelimited(body, ref position);
                    try
                    {
                        cid = Cid.Read(hash, out var length);
                        if (length != hash.Length)
                        {
                            throw new DagFormatException($"dag-pb link {index}: Hash has bytes after the CID");
                        }
                    }
                    catch (CidFormatException ex)
                    {
                        throw new DagFormatException($"dag-pb link {index}: Hash is not a CID ({ex.Message})");
                    }

                    break;
                case (2, 2):
                    name = Encoding.UTF8.GetString(ReadLengthDelimited(body, ref position));
                    break;
                case (3, 0):
                    if (!Varint.TryRead(body[position..], out var value, out var read))
                    {
                        throw new DagFormatException($"dag-pb link {index}: Tsize is not a valid varint");
                    }

                    tsize = value;
                    position += read;
                    break;
                default:
                    throw new DagFormatException($"dag-pb link {index}: unexpected field {field} with wire type {wireType}");
            }
        }

        return new DagPbLink(cid ?? throw new DagFormatException($"dag-pb link {index} has no Hash"), name ?? string.Empty, tsize);
    }

    private static (int Field, int WireType) ReadTag(ReadOnlySpan<byte> source, ref int position)
    {
        if (!Varint.TryRead(source[position..], out var tag, out var length) || tag > int.MaxValue)
        {
            throw new DagFormatException($"dag-pb has an invalid field tag at byte {position}");
        }

        position += length;
        return ((int)(tag >> 3), (int)(tag & 7));
    }

    private static ReadOnlySpan<byte> ReadLengthDelimited(ReadOnlySpan<byte> source, ref int position)
    {
        if (!Varint.TryRead(source[position..], out var length, out var read) || length > (ulong)(source.Length - position - read))
        {
            throw new DagFormatException($"dag-pb has a truncated or oversized field at byte {position}");
        }

        position += read;
        var body = source.Slice(position, (int)length);
        position += (int)length;
        return body;
    }
}
