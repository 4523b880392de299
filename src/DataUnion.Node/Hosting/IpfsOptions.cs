using DataUnion.Ipfs.Blocks;

namespace DataUnion.Node.Hosting;

/// <summary>Settings of the <c>Ipfs</c> configuration section.</summary>
public sealed class IpfsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Ipfs";

    /// <summary>
    /// Serve <c>/ipfs/{cid}</c> without the operator token. Default false: contributed images are
    /// personal data until a dataset version is published, so the gateway is closed by default.
    /// </summary>
    public bool PublicGateway { get; set; }

    /// <summary>
    /// How a new block store lays blocks out on disk: <c>packed</c> (default; blocks appended to
    /// pack files with a LiteDB index, one fsync per add) or <c>flatfs</c> (one file per block, as
    /// kubo). An existing store keeps the layout it was created with; a different setting is refused.
    /// </summary>
    public BlockStoreLayout BlockLayout { get; set; } = BlockStoreLayout.Packed;
}
