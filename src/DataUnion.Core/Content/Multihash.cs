using System.Security.Cryptography;

namespace DataUnion.Core.Content;

/// <summary>
/// A self-describing hash: varint code, varint digest length, digest. This node computes
/// sha2-256 and reads identity hashes (used by inline CIDs such as <c>bafkqaaa</c>).
/// </summary>
public sealed class Multihash : IEquatable<Multihash>
{
    /// <summary>Longest digest accepted, in bytes; identity hashes above this are refused.</summary>
    public const int MaxDigestLength = 128;

    private readonly byte[] _bytes;
    private readonly int _digestOffset;

    private Multihash(ulong code, byte[] bytes, int digestOffset)
    {
        Code = code;
        _bytes = bytes;
        _digestOffset = digestOffset;
    }

    /// <summary>The multicodec of the hash function.</summary>
    public ulong Code { get; }

    /// <summary>The digest.</summary>
    public ReadOnlySpan<byte> Digest => _bytes.AsSpan(_digestOffset);

    /// <summary>The encoded multihash.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Hashes <paramref name="data"/> with SHA2-256.</summary>
    public static Multihash Sha256(ReadOnlySpan<byte> data)
    {
        var bytes = new byte[2 + SHA256.HashSizeInBytes];
        bytes[0] = (byte)Multicodec.Sha2_256;
        bytes[1] = SHA256.HashSizeInBytes;
        SHA256.HashData(data, bytes.AsSpan(2));
        return new Multihash(Multicodec.Sha2_256, bytes, 2);
    }

    /// <summary>Wraps a SHA2-256 digest computed elsewhere (for example incrementally).</summary>
    public static Multihash FromSha256Digest(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"a sha2-256 digest is {SHA256.HashSizeInBytes} bytes, got {digest.Length}", nameof(digest));
        }

        var bytes = new byte[2 + SHA256.HashSizeInBytes];
        bytes[0] = (byte)Multicodec.Sha2_256;
        bytes[1] = SHA256.HashSizeInBytes;
        digest.CopyTo(bytes.AsSpan(2));
        return new Multihash(Multicodec.Sha2_256, bytes, 2);
    }

    /// <summary>
    /// Reads a multihash from the start of <paramref name="source"/>. Only sha2-256 (32-byte
    /// digest) and identity are accepted: anything else could not be verified by this node.
    /// </summary>
    /// <param name="source">Bytes starting with a multihash.</param>
    /// <param name="length">Bytes consumed.</param>
    public static Multihash Read(ReadOnlySpan<byte> source, out int length)
    {
        if (!Varint.TryRead(source, out var code, out var codeLength))
        {
            throw new CidFormatException("the multihash code is not a valid varint");
        }

        if (!Varint.TryRead(source[codeLength..], out var digestLength, out var lengthLength))
        {
            throw new CidFormatException("the multihash length is not a valid varint");
        }

        switch (code)
        {
            case Multicodec.Sha2_256 when digestLength != SHA256.HashSizeInBytes:
                throw new CidFormatException($"a sha2-256 multihash has a 32-byte digest, this one says {digestLength}");
            case Multicodec.Sha2_256:
            case Multicodec.Identity when digestLength <= MaxDigestLength:
                break;
            case Multicodec.Identity:
                throw new CidFormatException($"identity multihash of {digestLength} bytes exceeds the {MaxDigestLength}-byte limit");
            default:
                throw new CidFormatException($"unsupported multihash function {Multicodec.NameOf(code)}; this node verifies sha2-256 and identity");
        }

        var header = codeLength + lengthLength;
        if (source.Length - header < (int)digestLength)
        {
            throw new CidFormatException($"the multihash is truncated: {digestLength}-byte digest, {source.Length - header} bytes present");
        }

        length = header + (int)digestLength;
        return new Multihash(code, source[..length].ToArray(), header);
    }

    /// <summary>True when <paramref name="data"/> hashes to this multihash.</summary>
    public bool Matches(ReadOnlySpan<byte> data)
    {
        if (Code == Multicodec.Identity)
        {
            return data.SequenceEqual(Digest);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, digest);
        return digest.SequenceEqual(Digest);
    }

    /// <inheritdoc />
    public bool Equals(Multihash? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Multihash);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }
}
