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
}
