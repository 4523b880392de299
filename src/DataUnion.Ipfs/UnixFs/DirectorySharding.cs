namespace DataUnion.Ipfs.UnixFs;

/// <summary>
/// When a directory becomes a HAMT-sharded directory (256-way, murmur3-x64-64), as kubo decides
/// it: once its estimated size is over <see cref="ThresholdBytes"/>.
/// </summary>
/// <param name="ThresholdBytes">The size a plain directory may reach; 0 never shards.</param>
/// <param name="WholeBlock">
/// False (kubo's legacy estimate): the sum of each link's name bytes and CID bytes. True (the
/// unixfs-v1-2025 profile): the exact size of the plain directory's block.
/// </param>
public sealed record DirectorySharding(int ThresholdBytes, bool WholeBlock)
{
    /// <summary>kubo's default: 256 KiB by the links' names and CIDs.</summary>
    public static DirectorySharding KuboDefault { get; } = new(256 * 1024, WholeBlock: false);

    /// <summary>The unixfs-v1-2025 profile: 256 KiB by the whole block.</summary>
    public static DirectorySharding UnixFsV1Profile2025 { get; } = new(256 * 1024, WholeBlock: true);

    /// <summary>Plain directories whatever their size.</summary>
    public static DirectorySharding Never { get; } = new(0, WholeBlock: false);
}
