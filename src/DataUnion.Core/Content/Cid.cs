namespace DataUnion.Core.Content;

/// <summary>
/// A content identifier. Version 0 is a bare sha2-256 multihash of a dag-pb node, printed in
/// base58btc (<c>Qm…</c>); version 1 is <c>varint(1) varint(codec) multihash</c>, printed in
/// lowercase base32 with the multibase prefix <c>b</c>. Parsing also takes base58btc (<c>z</c>)
/// and uppercase base32 (<c>B</c>). Two CIDs are equal when their binary forms are.
/// </summary>
public sealed class Cid : IEquatable<Cid>
{
    /// <summary>Longest CID string accepted by <see cref="Parse"/>.</summary>
    public const int MaxStringLength = 512;

    private const int V0StringLength = 46;
    private readonly byte[] _bytes;
    private string? _text;

    private Cid(int version, ulong codec, Multihash hash, byte[] bytes)
    {
        Version = version;
        Codec = codec;
        Hash = hash;
        _bytes = bytes;
    }

    /// <summary>0 or 1.</summary>
    public int Version { get; }

    /// <summary>Multicodec of the content (<see cref="Multicodec.DagPb"/>, <see cref="Multicodec.Raw"/>, …).</summary>
    public ulong Codec { get; }

    /// <summary>The multihash of the content.</summary>
    public Multihash Hash { get; }

    /// <summary>The binary CID, as it appears in dag-pb links and CAR files.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>A CIDv0: dag-pb content hashed with sha2-256.</summary>
    public static Cid V0(Multihash hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (hash.Code != Multicodec.Sha2_256)
        {
            throw new ArgumentException("a CIDv0 is always a sha2-256 multihash", nameof(hash));
        }

        return new Cid(0, Multicodec.DagPb, hash, hash.Bytes.ToArray());
    }

    /// <summary>A CIDv1 of content in <paramref name="codec"/>.</summary>
    public static Cid V1(ulong codec, Multihash hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var bytes = new byte[1 + Varint.SizeOf(codec) + hash.Bytes.Length];
        bytes[0] = 1;
        var offset = 1 + Varint.Write(codec, bytes.AsSpan(1));
        hash.Bytes.CopyTo(bytes.AsSpan(offset));
        return new Cid(1, codec, hash, bytes);
    }

    /// <summary>Parses the text form, or throws <see cref="CidFormatException"/> saying what is wrong.</summary>
    public static Cid Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            throw new CidFormatException("the CID is empty");
        }

        if (text.Length > MaxStringLength)
        {
            throw new CidFormatException($"the CID is {text.Length} characters long; at most {MaxStringLength} are accepted");
        }

        if (text.Length == V0StringLength && text.StartsWith("Qm", StringComparison.Ordinal))
        {
            var multihash = Base58Btc.Decode(text);
            var hash = Multihash.Read(multihash, out var length);
            if (length != multihash.Length || hash.Code != Multicodec.Sha2_256)
            {
                throw new CidFormatException($"'{text}' is not a CIDv0: it does not decode to exactly one sha2-256 multihash");
            }

            return V0(hash);
        }

        var bytes = text[0] switch
        {
            'b' or 'B' => Base32Lower.Decode(text.AsSpan(1)),
            'z' => Base58Btc.Decode(text.AsSpan(1)),
            _ => throw new CidFormatException(
                $"'{Shorten(text)}' has multibase prefix '{text[0]}'; supported are 'b' (base32), 'z' (base58btc) and CIDv0 'Qm…'"),
        };
        var cid = Read(bytes, out var consumed);
        if (consumed != bytes.Length)
        {
            throw new CidFormatException($"'{Shorten(text)}' has {bytes.Length - consumed} bytes after the CID");
        }

        if (cid.Version == 0)
        {
            throw new CidFormatException($"'{Shorten(text)}' is a CIDv0 in multibase form; CIDv0 is only written as base58btc 'Qm…'");
        }

        return cid;
    }

    /// <summary>Parses the text form; on failure returns false and the reason.</summary>
    public static bool TryParse(string? text, out Cid? cid, out string? error)
    {
        try
        {
            cid = Parse(text ?? string.Empty);
            error = null;
            return true;
        }
        catch (CidFormatException ex)
        {
            cid = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Reads a binary CID from the start of <paramref name="source"/>.</summary>
    /// <param name="source">Bytes starting with a CID.</param>
    /// <param name="length">Bytes consumed.</param>
    public static Cid Read(ReadOnlySpan<byte> source, out int length)
    {
        if (source.Length >= 2 && source[0] == (byte)Multicodec.Sha2_256 && source[1] == 32)
        {
            return V0(Multihash.Read(source, out length));
        }

        if (!Varint.TryRead(source, out var version, out var versionLength))
        {
            throw new CidFormatException("the CID version is not a valid varint");
        }

        if (version != 1)
        {
            throw new CidFormatException($"CID version {version} is not supported; only 0 and 1 exist");
        }

        if (!Varint.TryRead(source[versionLength..], out var codec, out var codecLength))
        {
            throw new CidFormatException("the CID codec is not a valid varint");
        }

        var hash = Multihash.Read(source[(versionLength + codecLength)..], out var hashLength);
        length = versionLength + codecLength + hashLength;
        return new Cid(1, codec, hash, source[..length].ToArray());
    }

    /// <summary>The same content as a CIDv1 (CIDv1 stays as it is).</summary>
    public Cid ToV1() => Version == 1 ? this : V1(Codec, Hash);

    /// <summary>The canonical text form: base58btc for v0, lowercase base32 for v1.</summary>
    public override string ToString() => _text ??= Version == 0 ? Base58Btc.Encode(_bytes) : "b" + Base32Lower.Encode(_bytes);

    /// <inheritdoc />
    public bool Equals(Cid? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Cid);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..61] + "...";
}
