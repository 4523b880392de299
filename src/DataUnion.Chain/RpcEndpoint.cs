namespace DataUnion.Chain;

/// <summary>Helpers for RPC URLs, which often carry an API key in their path or query.</summary>
public static class RpcEndpoint
{
    /// <summary>
    /// The URL reduced to scheme, host and port, safe for a log line or an error message.
    /// Hosted RPC providers put API keys in the path (<c>/v3/KEY</c>) or user info.
    /// </summary>
    public static string Redact(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "(empty)";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "(not a URL)";
        }

        var hidden = uri.PathAndQuery.Length > 1 || !string.IsNullOrEmpty(uri.UserInfo);
        return $"{uri.Scheme}://{uri.Host}:{uri.Port}{(hidden ? "/…" : string.Empty)}";
    }
}
