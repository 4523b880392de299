namespace DataUnion.Core.Content;

/// <summary>Bitcoin's base58 alphabet: CIDv0 and the multibase <c>z</c> encoding.</summary>
public static class Base58Btc
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static readonly sbyte[] Digits = BuildDigits();

    /// <summary>Encodes <paramref name="data"/>.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }

        // log(256)/log(58) ≈ 1.366 digits per byte.
        Span<byte> digits = data.Length <= 128 ? stackalloc byte[(data.Length * 138 / 100) + 1] : new byte[(data.Length * 138 / 100) + 1];
        var length = 0;
        for (var i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            for (var j = 0; j < length; j++)
            {
                carry += digits[j] << 8;
                digits[j] = (byte)(carry % 58);
                carry /= 58;
            }

            while (carry > 0)
            {
                digits[length++] = (byte)(carry % 58);
                carry /= 58;
            }
        }

        var chars = new char[zeros + length];
        chars.AsSpan(0, zeros).Fill('1');
        for (var k = 0; k < length; k++)
        {
            chars[zeros + k] = Alphabet[digits[length - 1 - k]];
        }

        return new string(chars);
    }

    /// <summary>Decodes <paramref name="text"/>, or throws <see cref="CidFormatException"/>.</summary>
    public static byte[] Decode(ReadOnlySpan<char> text)
    {
        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
        {
            zeros++;
        }

        var bytes = new byte[(text.Length * 733 / 1000) + 1];
        var length = 0;
        for (var i = zeros; i < text.Length; i++)
        {
            var c = text[i];
            var digit = c < 128 ? Digits[c] : (sbyte)-1;
            if (digit < 0)
            {
                throw new CidFormatException($"'{c}' is not a base58btc character");
            }

            int carry = digit;
            for (var j = 0; j < length; j++)
            {
                carry += bytes[j] * 58;
                bytes[j] = (byte)carry;
                carry >>= 8;
            }

            while (carry > 0)
            {
                bytes[length++] = (byte)carry;
                carry >>= 8;
            }
        }

        var result = new byte[zeros + length];
        for (var k = 0; k < length; k++)
        {
            result[zeros + k] = bytes[length - 1 - k];
        }

        return result;
    }

    private static sbyte[] BuildDigits()
    {
        var digits = new sbyte[128];
        Array.Fill(digits, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            digits[Alphabet[i]] = (sbyte)i;
        }

        return digits;
    }
}
