namespace DataUnion.Node.Replication;

/// <summary>One remote IPFS service the node copies its pins to (<c>Replication:Targets:N</c>).</summary>
public sealed class ReplicationTarget
{
    /// <summary>Kind for a kubo node or an IPFS Cluster proxy, over the Kubo RPC API.</summary>
    public const string KuboRpc = "kubo-rpc";

    /// <summary>Kind for any IPFS Pinning Services API (hosted services, IPFS Cluster's pinsvc endpoint).</summary>
    public const string PinningService = "pinning-service";

    /// <summary>Unique name, used in the queue and the logs.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary><see cref="KuboRpc"/> or <see cref="PinningService"/>.</summary>
    public string Kind { get; set; } = KuboRpc;

    /// <summary>Base URL: the RPC root (<c>http://host:5001</c>) or the pinning service root (<c>https://svc/psa</c>).</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>Bearer token (prefer <see cref="TokenFile"/>; never logged).</summary>
    public string? Token { get; set; }

    /// <summary>File whose first line is the bearer token.</summary>
    public string? TokenFile { get; set; }

    /// <summary>
    /// Multiaddrs where the pinning service can fetch the content from this node, e.g.
    /// <c>/dns4/node.example.org/tcp/443/https</c> (the public trustless gateway). Pinning services only.
    /// </summary>
    public List<string> Origins { get; set; } = [];

    /// <summary>The token from <see cref="Token"/> or <see cref="TokenFile"/>, or null.</summary>
    public string? ResolveToken() =>
        !string.IsNullOrWhiteSpace(Token) ? Token.Trim()
        : !string.IsNullOrWhiteSpace(TokenFile) ? File.ReadLines(TokenFile).FirstOrDefault()?.Trim()
        : null;
}
