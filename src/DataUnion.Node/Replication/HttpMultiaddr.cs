using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DataUnion.Node.Replication;

/// <summary>The HTTP(S) multiaddrs trustless gateways are announced with, e.g. <c>/dns4/host/tcp/443/https</c>.</summary>
internal static class HttpMultiaddr
{
    /// <summary>
    /// The gateway URL for <paramref name="multiaddr"/>, or null when it is not an HTTP address
    /// with a well-formed host (an IP literal of its family, or a DNS name).
    /// </summary>
    public static Uri? ToUrl(string multiaddr)
    {
        var parts = multiaddr.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 5 || parts[2] != "tcp" || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return null;
        }

        var host = parts[0] switch
        {
            "ip4" when IPAddress.TryParse(parts[1], out var ip) && ip.AddressFamily == AddressFamily.InterNetwork => ip.ToString(),
            "ip6" when IPAddress.TryParse(parts[1], out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 && ip.ScopeId == 0 => $"[{ip}]",
            "dns" or "dns4" or "dns6" when Uri.CheckHostName(parts[1]) == UriHostNameType.Dns => parts[1],
            _ => null,
        };
        var scheme = parts[4] switch
        {
            "http" => "http",
            "https" or "tls" when parts.Length > 5 && parts[5] == "http" => "https",
            "https" => "https",
            _ => null,
        };
        return host is not null && scheme is not null && Uri.TryCreate($"{scheme}://{host}:{port}/", UriKind.Absolute, out var url) ? url : null;
    }

    /// <summary>
    /// What is wrong with <paramref name="multiaddr"/> as an origin, or null when nothing is:
    /// it must be a multiaddr, and one naming an IP or DNS host must name a well-formed one.
    /// Other protocols (<c>/p2p/…</c>) are accepted and left to whoever can dial them.
    /// </summary>
    public static string? Problem(string multiaddr)
    {
        var parts = multiaddr.Split('/');
        if (parts.Length < 3 || parts[0].Length != 0 || parts[1].Length == 0)
        {
            return "not a multiaddr (they look like /dns4/example.org/tcp/443/https)";
        }

        return parts[1] is "ip4" or "ip6" or "dns" or "dns4" or "dns6" && parts.Length >= 6 && parts[3] == "tcp" && parts[5] is "http" or "https" or "tls" && ToUrl(multiaddr) is null
            ? $"'{parts[2]}' is not a valid {parts[1]} host, or '{parts[4]}' not a TCP port"
            : null;
    }

    /// <summary>The multiaddr of a URL's host and port (loopback and IP hosts as ip4/ip6, names as dns).</summary>
    public static string FromHost(string scheme, string host, int port)
    {
        var protocol = IPAddress.TryParse(host.Trim('[', ']'), out var ip)
            ? ip.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "ip4"
            : "dns";
        return $"/{protocol}/{host.Trim('[', ']')}/tcp/{port}/{scheme}";
    }
}
