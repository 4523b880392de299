namespace DataUnion.Ipfs.UnixFs;

/// <summary>
/// How files become DAGs. The presets reproduce kubo's <c>ipfs add</c>; any other combination
/// is allowed within the limits below.
/// </summary>
public sealed record ImportOptions
{
    /// <summary>Largest chunk accepted, in bytes (1 MiB, kubo's limit for its 2 MiB block cap).</summary>
    public const int MaxChunkSize = 1024 * 1024;

    /// <summary>kubo's defaults: CIDv0, 256 KiB chunks, 174 links per node, dag-pb leaves.</summary>
    public static ImportOptions KuboDefault { get; } = new();

    /// <summary><c>ipfs add --cid-version=1</c>: CIDv1, which turns raw leaves on.</summary>
    public static ImportOptions KuboCidV1 { get; } = new() { CidVersion = 1, RawLeaves = true };

    /// <summary>kubo's <c>unixfs-v1-2025</c> profile: CIDv1, raw leaves, 1 MiB chunks, 1024 links.</summary>
    public static ImportOptions UnixFsV1Profile2025 { get; } = new() { CidVersion = 1, RawLeaves = true, ChunkSize = MaxChunkSize, MaxLinks = 1024 };

    /// <summary>CID version of dag-pb nodes: 0 (default) or 1. Raw leaves are always CIDv1.</summary>
    public int CidVersion { get; init; }

    /// <summary>Leaves as raw blocks (codec raw) instead of UnixFS file nodes. Default off.</summary>
    public bool RawLeaves { get; init; }

    /// <summary>Fixed chunk size in bytes. Default 262144 (kubo's <c>size-262144</c>).</summary>
    public int ChunkSize { get; init; } = 256 * 1024;

    /// <summary>Most links per internal node. Default 174.</summary>
    public int MaxLinks { get; init; } = 174;

    /// <summary>Throws when the combination cannot produce valid, interoperable DAGs.</summary>
    public void Validate()
    {
        if (CidVersion is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(CidVersion), CidVersion, "CID version must be 0 or 1");
        }

        if (ChunkSize is < 1 or > MaxChunkSize)
        {
            throw new ArgumentOutOfRangeException(nameof(ChunkSize), ChunkSize, $"chunk size must be 1 to {MaxChunkSize} bytes");
        }

        if (MaxLinks < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLinks), MaxLinks, "a node needs room for at least 2 links");
        }
    }
}
