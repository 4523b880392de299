using System.Globalization;

namespace DataUnion.Node.Replication;

/// <summary>The HTTP(S) multiaddrs trustless gateways are announced with, e.g. <c>/dns4/host/tcp/443/https</c>.</summary>
internal static class HttpMultiaddr
{
    /// <summary>The gateway URL for <paramref name="multiaddr"/>, or null when it is not an HTTP address.</summary>
    public static Uri? ToUrl(string multiaddr)
    {
        var parts = multiaddr.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 5 || parts[2] != "tcp" || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return null;
        }

        var host = parts[0] switch
        {
            "ip4" or "dns" or "dns4" or "dns6" => parts[1],
            "ip6" => $"[{parts[1]}]",
            _ => null,
        };
        var scheme = parts[4] switch
        {
            "http" => "http",
            "https" or "tls" when parts.Length > 5 && parts[5] == "http" => "https",
            "https" => "https",
            _ => null,
        };
        return host is null || scheme is null ? null : new Uri($"{scheme}://{host}:{port}/");
    }

    /// <summary>The multiaddr of a URL's host and port (loopback and IP hosts as ip4/ip6, names as dns).</summary>
    public static string FromHost(string scheme, string host, int port)
    {
        var protocol = System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip)
            ? ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "ip6" : "ip4"
            : "dns";
        return $"/{protocol}/{host.Trim('[', ']')}/tcp/{port}/{scheme}";
    }
}
