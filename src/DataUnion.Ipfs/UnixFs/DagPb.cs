using System.Text;

namespace DataUnion.Ipfs.UnixFs;

/// <summary>
/// dag-pb encoding as go-merkledag writes it: every Link (field 2) before Data (field 1); inside
/// a link Hash, then Name (always written, even empty), then Tsize.
/// </summary>
internal static class DagPb
{
    private const int FieldData = 1;
    private const int FieldLinks = 2;
    private const int LinkFieldHash = 1;
    private const int LinkFieldName = 2;
    private const int LinkFieldTsize = 3;

    /// <summary>Encodes a node with links (names may be empty: all names are then "").</summary>
    public static byte[] EncodeNode(ReadOnlySpan<DagLink> links, ReadOnlySpan<string> names, ReadOnlySpan<byte> unixFsData)
    {
        var size = ProtoWriter.BytesFieldSize(unixFsData.Length);
        for (var i = 0; i < links.Length; i++)
        {
            size += ProtoWriter.BytesFieldSize(LinkSize(links[i], NameAt(names, i)));
        }

        var buffer = new byte[size];
        var writer = new ProtoWriter(buffer);
        for (var i = 0; i < links.Length; i++)
        {
            var name = NameAt(names, i);
            writer.WriteLengthPrefix(FieldLinks, LinkSize(links[i], name));
            writer.WriteBytesField(LinkFieldHash, links[i].Cid.Bytes);
            writer.WriteLengthPrefix(LinkFieldName, Encoding.UTF8.GetByteCount(name));
            writer.Skip(Encoding.UTF8.GetBytes(name, buffer.AsSpan(writer.Position)));
            writer.WriteVarintField(LinkFieldTsize, links[i].TotalSize);
        }

        writer.WriteBytesField(FieldData, unixFsData);
        return buffer;
    }

    /// <summary>Encoded size of a file leaf holding <paramref name="chunkLength"/> bytes.</summary>
    public static int LeafSize(int chunkLength, bool writeData) =>
        ProtoWriter.BytesFieldSize(UnixFsData.FileLeafSize(writeData ? chunkLength : null));

    /// <summary>
    /// Writes a file leaf (no links; Data = UnixFS file with the chunk) into
    /// <paramref name="destination"/>, which must be <see cref="LeafSize"/> bytes.
    /// </summary>
    public static void WriteLeaf(ReadOnlySpan<byte> chunk, bool writeData, Span<byte> destination)
    {
        var writer = new ProtoWriter(destination);
        writer.WriteLengthPrefix(FieldData, UnixFsData.FileLeafSize(writeData ? chunk.Length : null));
        UnixFsData.WriteFileLeaf(ref writer, chunk, writeData);
    }

    private static string NameAt(ReadOnlySpan<string> names, int index) => names.IsEmpty ? string.Empty : names[index];

    private static int LinkSize(DagLink link, string name) =>
        ProtoWriter.BytesFieldSize(link.Cid.Bytes.Length)
        + ProtoWriter.BytesFieldSize(Encoding.UTF8.GetByteCount(name))
        + ProtoWriter.VarintFieldSize(link.TotalSize);
}
