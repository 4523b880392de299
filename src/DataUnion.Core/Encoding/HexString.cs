namespace DataUnion.Core.Encoding;

/// <summary>Checks for the <c>0x</c>-prefixed hexadecimal strings used by Ethereum JSON-RPC.</summary>
public static class HexString
{
    /// <summary>
    /// True when <paramref name="value"/> is <c>0x</c> followed by exactly
    /// <paramref name="byteLength"/> bytes of hexadecimal digits (either case).
    /// </summary>
    public static bool IsPrefixedHex(string? value, int byteLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteLength);
        if (value is null || value.Length != 2 + (2 * byteLength) || !value.StartsWith("0x", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in value.AsSpan(2))
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
