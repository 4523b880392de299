using System.Text;
using DataUnion.Core.Content;

namespace DataUnion.Ipfs.Car;

/// <summary>
/// The CARv1 header, a dag-cbor map <c>{"roots": [CID…], "version": 1}</c>. Writing produces the
/// canonical dag-cbor bytes (keys sorted length-first, CIDs as tag 42 over 0x00 + binary CID);
/// reading accepts exactly that shape, in either key order, and nothing else.
/// </summary>
internal static class CarHeader
{
    private const int CidTag = 42;

    public static byte[] Encode(IReadOnlyList<Cid> roots)
    {
        var buffer = new List<byte> { 0xa2 };
        WriteText(buffer, "roots");
        WriteHead(buffer, 4, (ulong)roots.Count);
        foreach (var root in roots)
        {
            WriteHead(buffer, 6, CidTag);
            WriteHead(buffer, 2, (ulong)root.Bytes.Length + 1);
            buffer.Add(0x00);
            buffer.AddRange(root.Bytes.ToArray());
        }

        WriteText(buffer, "version");
        WriteHead(buffer, 0, 1);
        return [.. buffer];
    }

    /// <summary>Decodes the header; returns the version and, for version 1, the roots.</summary>
    public static (ulong Version, IReadOnlyList<Cid> Roots) Decode(ReadOnlySpan<byte> bytes)
    {
        var position = 0;
        var (major, entries) = ReadHead(bytes, ref position);
        if (major != 5)
        {
            throw new CarFormatException("the CAR header is not a CBOR map");
        }

        ulong? version = null;
        List<Cid>? roots = null;
        for (ulong i = 0; i < entries; i++)
        {
            var key = ReadText(bytes, ref position);
            switch (key)
            {
                case "version" when version is null:
                    var (versionMajor, value) = ReadHead(bytes, ref position);
                    version = versionMajor == 0 ? value : throw new CarFormatException("the CAR header version is not an unsigned integer");
                    break;
                case "roots" when roots is null:
                    roots = ReadRoots(bytes, ref position);
                    break;
                default:
                    throw new CarFormatException($"the CAR header has an unexpected or repeated key '{key}'");
            }
        }

        if (position != bytes.Length)
        {
            throw new CarFormatException("the CAR header has bytes after its map");
        }

        return (version ?? throw new CarFormatException("the CAR header has no version"), (IReadOnlyList<Cid>?)roots ?? []);
    }

    private static List<Cid> ReadRoots(ReadOnlySpan<byte> bytes, ref int position)
    {
        var (major, count) = ReadHead(bytes, ref position);
        if (major != 4 || count > 1024)
        {
            throw new CarFormatException("the CAR header roots are not an array of at most 1024 CIDs");
        }

        var roots = new List<Cid>();
        for (ulong i = 0; i < count; i++)
        {
            var (tagMajor, tag) = ReadHead(bytes, ref position);
            var (bytesMajor, length) = ReadHead(bytes, ref position);
            if (tagMajor != 6 || tag != CidTag || bytesMajor != 2 || length < 2 || length > (ulong)(bytes.Length - position) || bytes[position] != 0)
            {
                throw new CarFormatException($"CAR header root {i} is not a dag-cbor CID (tag 42 over 0x00 + CID bytes)");
            }

            try
            {
                var cid = Cid.Read(bytes.Slice(position + 1, (int)length - 1), out var read);
                if (read != (int)length - 1)
                {
                    throw new CarFormatException($"CAR header root {i} has bytes after its CID");
                }

                roots.Add(cid);
            }
            catch (CidFormatException ex)
            {
                throw new CarFormatException($"CAR header root {i} is not a valid CID: {ex.Message}", ex);
            }

            position += (int)length;
        }

        return roots;
    }

    private static string ReadText(ReadOnlySpan<byte> bytes, ref int position)
    {
        var (major, length) = ReadHead(bytes, ref position);
        if (major != 3 || length > 64 || length > (ulong)(bytes.Length - position))
        {
            throw new CarFormatException("the CAR header has a map key that is not a short text string");
        }

        var text = Encoding.UTF8.GetString(bytes.Slice(position, (int)length));
        position += (int)length;
        return text;
    }

    private static (int Major, ulong Value) ReadHead(ReadOnlySpan<byte> bytes, ref int position)
    {
        if (position >= bytes.Length)
        {
            throw new CarFormatException("the CAR header is truncated");
        }

        var initial = bytes[position++];
        var major = initial >> 5;
        var info = initial & 0x1f;
        if (info < 24)
        {
            return (major, (ulong)info);
        }

        var size = info switch
        {
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            _ => throw new CarFormatException("the CAR header uses indefinite-length or reserved CBOR items, which dag-cbor forbids"),
        };
        if (bytes.Length - position < size)
        {
            throw new CarFormatException("the CAR header is truncated");
        }

        ulong value = 0;
        for (var i = 0; i < size; i++)
        {
            value = (value << 8) | bytes[position++];
        }

        return (major, value);
    }

    private static void WriteText(List<byte> buffer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        WriteHead(buffer, 3, (ulong)bytes.Length);
        buffer.AddRange(bytes);
    }

    private static void WriteHead(List<byte> buffer, int major, ulong value)
    {
        var type = (byte)(major << 5);
        switch (value)
        {
            case < 24:
                buffer.Add((byte)(type | (byte)value));
                break;
            case <= byte.MaxValue:
                buffer.Add((byte)(type | 24));
                buffer.Add((byte)value);
                break;
            case <= ushort.MaxValue:
                buffer.Add((byte)(type | 25));
                buffer.Add((byte)(value >> 8));
                buffer.Add((byte)value);
                break;
            default:
                buffer.Add((byte)(type | 26));
                for (var shift = 24; shift >= 0; shift -= 8)
                {
                    buffer.Add((byte)(value >> shift));
                }

                break;
        }
    }
}
