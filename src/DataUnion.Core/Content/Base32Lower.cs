namespace DataUnion.Core.Content;

/// <summary>RFC 4648 base32 without padding, lowercase: the multibase <c>b</c> encoding of CIDv1.</summary>
public static class Base32Lower
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>Encodes <paramref name="data"/>.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var length = ((data.Length * 8) + 4) / 5;
        return string.Create(length, data.ToArray(), static (chars, bytes) =>
        {
            int buffer = 0, bits = 0, o = 0;
            foreach (var b in bytes)
            {
                buffer = (buffer << 8) | b;
                bits += 8;
                while (bits >= 5)
                {
                    chars[o++] = Alphabet[(buffer >> (bits - 5)) & 31];
                    bits -= 5;
                }
            }

            if (bits > 0)
            {
                chars[o] = Alphabet[(buffer << (5 - bits)) & 31];
            }
        });
    }

    /// <summary>Decodes <paramref name="text"/> (either case), or throws <see cref="CidFormatException"/>.</summary>
    public static byte[] Decode(ReadOnlySpan<char> text)
    {
        var output = new byte[text.Length * 5 / 8];
        int buffer = 0, bits = 0, o = 0;
        foreach (var c in text)
        {
            var value = c switch
            {
                >= 'a' and <= 'z' => c - 'a',
                >= 'A' and <= 'Z' => c - 'A',
                >= '2' and <= '7' => c - '2' + 26,
                _ => throw new CidFormatException($"'{c}' is not a base32 character"),
            };
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                output[o++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }

        if ((buffer & ((1 << bits) - 1)) != 0)
        {
            throw new CidFormatException("base32 text has non-zero trailing bits");
        }

        return output;
    }
}
