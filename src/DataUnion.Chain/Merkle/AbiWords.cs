using System.Globalization;
using System.Numerics;

namespace DataUnion.Chain.Merkle;

/// <summary>Writes static ABI words (<c>uint256</c>, <c>address</c>) into a zeroed 32-byte span, as <c>abi.encode</c> lays them out.</summary>
internal static class AbiWords
{
    public static void Uint(Span<byte> word, long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(word[24..], value);
    }

    public static void Uint(Span<byte> word, BigInteger value, string name)
    {
        if (value.Sign < 0 || value.GetByteCount(isUnsigned: true) > 32)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must fit a uint256");
        }

        var length = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(word[(32 - length)..], out _, isUnsigned: true, isBigEndian: true);
    }

    public static void Address(Span<byte> word, string address, string name)
    {
        ArgumentNullException.ThrowIfNull(address, name);
        var hex = address.AsSpan();
        if (hex.Length != 42 || hex[0] != '0' || (hex[1] != 'x' && hex[1] != 'X')
            || Convert.FromHexString(hex[2..], word[12..], out _, out var written) != System.Buffers.OperationStatus.Done || written != 20)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} '{address}' is not an address (0x and 40 hex digits)"), name);
        }
    }
}
