using DataUnion.Core.Content;

namespace DataUnion.Ipfs.UnixFs;

/// <summary>The few protobuf writes dag-pb and UnixFS need, into a caller-sized span.</summary>
internal ref struct ProtoWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;

    public int Position { get; private set; }

    public static int TagSize => 1;

    public static int VarintFieldSize(ulong value) => TagSize + Varint.SizeOf(value);

    public static int BytesFieldSize(int length) => TagSize + Varint.SizeOf((ulong)length) + length;

    public void WriteVarintField(int field, ulong value)
    {
        _buffer[Position++] = (byte)(field << 3);
        Position += Varint.Write(value, _buffer[Position..]);
    }

    public void WriteBytesField(int field, ReadOnlySpan<byte> value)
    {
        WriteLengthPrefix(field, value.Length);
        value.CopyTo(_buffer[Position..]);
        Position += value.Length;
    }

    /// <summary>Advances past bytes the caller wrote directly into the buffer.</summary>
    public void Skip(int count) => Position += count;

    /// <summary>Writes the tag and length of a length-delimited field whose body the caller writes next.</summary>
    public void WriteLengthPrefix(int field, int length)
    {
        _buffer[Position++] = (byte)((field << 3) | 2);
        Position += Varint.Write((ulong)length, _buffer[Position..]);
    }
}
