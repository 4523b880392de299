namespace DataUnion.Core.Content;

/// <summary>
/// Unsigned LEB128 varints as multiformats use them: at most 9 bytes (63 bits), minimal encoding.
/// </summary>
public static class Varint
{
    /// <summary>Longest varint multiformats allow, in bytes.</summary>
    public const int MaxLength = 9;

    /// <summary>Bytes needed to encode <paramref name="value"/>.</summary>
    public static int SizeOf(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/>.</summary>
    /// <returns>Bytes written.</returns>
    public static int Write(ulong value, Span<byte> destination)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>
    /// Reads a varint from the start of <paramref name="source"/>. Rejects truncated, over-long
    /// and non-minimal encodings, which would let two byte strings name the same value.
    /// </summary>
    /// <param name="source">Bytes starting with the varint.</param>
    /// <param name="value">The value read.</param>
    /// <param name="length">Bytes consumed.</param>
    /// <returns>False when the bytes are not a valid varint.</returns>
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int length)
    {
        value = 0;
        length = 0;
        for (var i = 0; i < source.Length && i < MaxLength; i++)
        {
            var b = source[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > 0)
                {
                    value = 0;
                    return false; // non-minimal: a trailing zero group
                }

                length = i + 1;
                return true;
            }
        }

        value = 0;
        return false;
    }
}
