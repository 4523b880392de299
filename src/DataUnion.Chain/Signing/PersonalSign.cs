using Nethereum.Signer;
using Nethereum.Util;

namespace DataUnion.Chain.Signing;

/// <summary>
/// EIP-191 version 0x45 (<c>personal_sign</c>): the signature over
/// <c>"\x19Ethereum Signed Message:\n" + length + message</c>, as wallets make it.
/// </summary>
public static class PersonalSign
{
    /// <summary>Signs the UTF-8 <paramref name="message"/>; returns the 65-byte signature as 0x hex.</summary>
    public static string Sign(string message, EthECKey key)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(key);
        return new EthereumMessageSigner().EncodeUTF8AndSign(message, key);
    }

    /// <summary>The checksummed address that signed <paramref name="message"/>.</summary>
    public static string Recover(string message, string signature)
    {
        ArgumentNullException.ThrowIfNull(message);
        CheckShape(signature);
        try
        {
            return AddressUtil.Current.ConvertToChecksumAddress(new EthereumMessageSigner().EncodeUTF8AndEcRecover(message, signature));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Recovery is curve arithmetic on the sender's numbers; whatever it trips over (an r that
            // is no point's x, say) means the signature names no signer.
            throw new SignatureException($"the signature does not recover to any address: {ex.Message}", ex);
        }
    }

    /// <summary>The EIP-191 hash of the UTF-8 <paramref name="message"/>: what the key signs, and what an ERC-1271 wallet is asked about.</summary>
    public static byte[] Hash(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bytes = System.Text.Encoding.UTF8.GetBytes(message);
        var prefix = System.Text.Encoding.UTF8.GetBytes("\u0019Ethereum Signed Message:\n" + bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Sha3Keccack.Current.CalculateHash([.. prefix, .. bytes]);
    }

    /// <summary>
    /// The bytes of a hex signature of any length up to 2 KiB (a contract wallet's may be longer than
    /// 65 bytes), or null when it is not hex.
    /// </summary>
    public static byte[]? Bytes(string? signature)
    {
        if (signature is null)
        {
            return null;
        }

        var hex = signature.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? signature[2..] : signature;
        return hex.Length is > 0 and <= 4096 && hex.Length % 2 == 0 && hex.All(Uri.IsHexDigit) ? Convert.FromHexString(hex) : null;
    }

    /// <summary>True when <paramref name="address"/> signed <paramref name="message"/>.</summary>
    public static bool Verify(string message, string signature, string address) =>
        string.Equals(Recover(message, signature), address, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Refuses anything but 65 bytes of hex with r in [1, n-1], s in [1, n/2] (the canonical half,
    /// as OpenZeppelin's ECDSA and ethers require, so a signature has one form) and v of 27/28 (or 0/1).
    /// </summary>
    internal static void CheckShape(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var hex = signature.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? signature[2..] : signature;
        if (hex.Length != 130 || !hex.All(Uri.IsHexDigit))
        {
            throw new SignatureException($"a signature is 65 bytes (130 hex digits); got {hex.Length} characters");
        }

        var r = Scalar(hex[..64]);
        var s = Scalar(hex[64..128]);
        if (r.IsZero || r >= CurveOrder)
        {
            throw new SignatureException("the signature's r is outside 1 to n-1 of secp256k1, so it names no signer");
        }

        if (s.IsZero || s > HalfCurveOrder)
        {
            throw new SignatureException("the signature's s is zero or in the upper half of secp256k1's order (not canonical); wallets sign with s at most n/2");
        }

        var v = Convert.ToByte(hex[128..], 16);
        if (v is not (0 or 1 or 27 or 28))
        {
            throw new SignatureException($"the signature's v is {v}; it must be 27 or 28 (or 0 or 1)");
        }
    }

    /// <summary>The order n of secp256k1's group.</summary>
    private static readonly System.Numerics.BigInteger CurveOrder = Scalar("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

    private static readonly System.Numerics.BigInteger HalfCurveOrder = CurveOrder / 2;

    private static System.Numerics.BigInteger Scalar(string hex) =>
        System.Numerics.BigInteger.Parse("0" + hex, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
}
