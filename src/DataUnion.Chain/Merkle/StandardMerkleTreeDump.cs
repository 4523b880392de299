using System.Text.Json;

namespace DataUnion.Chain.Merkle;

/// <summary>
/// Writes a tree in <c>@openzeppelin/merkle-tree</c>'s <c>StandardMerkleTree.dump()</c> format
/// (<c>standard-v1</c>): the leaf encoding, every node root first, and each value with the index of
/// its leaf. The npm library's <c>StandardMerkleTree.load()</c> reads it back with the same root
/// and proofs, so anyone can take their proof from a published dump.
/// </summary>
public static class StandardMerkleTreeDump
{
    /// <summary>The format name the library checks on load.</summary>
    public const string Format = "standard-v1";

    /// <summary>The shares leaf's encoding (contracts/README.md).</summary>
    public static IReadOnlyList<string> SharesEncoding { get; } = ["uint256", "address", "uint256", "address", "uint256"];

    /// <summary>The image leaf's encoding (contracts/README.md).</summary>
    public static IReadOnlyList<string> ImagesEncoding { get; } = ["uint256", "address", "uint256", "bytes32", "address", "bytes32"];

    /// <summary>
    /// Writes <paramref name="tree"/> with the <paramref name="values"/> its leaves were made of,
    /// in the order they were given to <see cref="StandardMerkleTree.Of"/>. Values are written as
    /// strings: decimal numbers, 0x hex for addresses and bytes.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, StandardMerkleTree tree, IReadOnlyList<string> encoding, IReadOnlyList<IReadOnlyList<string>> values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(encoding);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != tree.Count)
        {
            throw new ArgumentException($"the tree has {tree.Count} leaves but {values.Count} values were given", nameof(values));
        }

        writer.WriteStartObject();
        writer.WriteString("format", Format);
        writer.WriteStartArray("leafEncoding");
        foreach (var type in encoding)
        {
            writer.WriteStringValue(type);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("tree");
        Span<char> hex = stackalloc char[66];
        foreach (var node in tree.Nodes)
        {
            writer.WriteStringValue(Hex(node, hex));
        }

        writer.WriteEndArray();
        writer.WriteStartArray("values");
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Count != encoding.Count)
            {
                throw new ArgumentException($"value {i} has {values[i].Count} fields; the encoding has {encoding.Count}", nameof(values));
            }

            writer.WriteStartObject();
            writer.WriteStartArray("value");
            foreach (var field in values[i])
            {
                writer.WriteStringValue(field);
            }

            writer.WriteEndArray();
            writer.WriteNumber("treeIndex", tree.TreeIndexOf(i));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads a dump. Nothing in it is trusted yet: check a leaf with <see cref="LoadedDump.ProofFor"/>
    /// against a root from the chain.
    /// </summary>
    /// <exception cref="FormatException">It is not a standard-v1 dump, or a node or value is malformed.</exception>
    public static LoadedDump Read(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.GetString() != Format)
            {
                throw new FormatException($"not a StandardMerkleTree dump: its format is not '{Format}'");
            }

            var encoding = root.GetProperty("leafEncoding").EnumerateArray().Select(e => e.GetString() ?? throw new FormatException("a leaf encoding entry is not a string")).ToList();
            var nodes = root.GetProperty("tree").EnumerateArray().Select((n, i) => ParseNode(n.GetString(), i)).ToArray();
            var values = root.GetProperty("values").EnumerateArray().Select(v =>
            {
                var fields = v.GetProperty("value").EnumerateArray().Select(f => f.ValueKind == JsonValueKind.Number ? f.GetRawText() : f.GetString() ?? "").ToList();
                var index = v.GetProperty("treeIndex").GetInt32();
                if (fields.Count != encoding.Count || index < 0 || index >= nodes.Length)
                {
                    throw new FormatException($"a value has {fields.Count} fields for {encoding.Count} types, or a tree index {index} outside the tree of {nodes.Length}");
                }

                return ((IReadOnlyList<string>)fields, index);
            }).ToList();
            return new LoadedDump(encoding, nodes, values);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"not a StandardMerkleTree dump: {ex.Message}", ex);
        }
    }

    private static byte[] ParseNode(string? hex, int index) =>
        hex is { Length: 66 } && hex.StartsWith("0x", StringComparison.Ordinal) && hex.AsSpan(2).IndexOfAnyExcept("0123456789abcdefABCDEF") < 0
            ? Convert.FromHexString(hex.AsSpan(2))
            : throw new FormatException($"tree node {index} is not 0x and 64 hex digits");

    private static ReadOnlySpan<char> Hex(byte[] bytes, Span<char> buffer)
    {
        buffer[0] = '0';
        buffer[1] = 'x';
        Convert.TryToHexStringLower(bytes, buffer[2..], out var written);
        return buffer[..(2 + written)];
    }
}
