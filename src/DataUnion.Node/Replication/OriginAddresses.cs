using System.Net;
using System.Net.Sockets;

namespace DataUnion.Node.Replication;

/// <summary>
/// Which addresses the node may fetch a pin's content from. Pinning-service requests name their
/// origins, so without this check anyone allowed to ask for a pin could make the node reach into
/// its own network: the local chain's RPC port, a cloud metadata service at 169.254.169.254, a
/// router's admin page. Loopback, private, link-local, shared, multicast and reserved ranges are
/// refused unless <see cref="ReplicationOptions.AllowPrivateOrigins"/> is set. The check runs on
/// the address actually connected to, after DNS, so a name that resolves inward is refused too.
/// </summary>
public static class OriginAddresses
{
    /// <summary>Why <paramref name="address"/> may not be fetched from, or null when it may.</summary>
    public static string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return "a loopback address";
        }

        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return bytes switch
            {
                [0, ..] => "in 0.0.0.0/8 (this network)",
                [10, ..] => "a private address (10.0.0.0/8)",
                [100, >= 64 and < 128, ..] => "a shared address (100.64.0.0/10)",
                [169, 254, ..] => "a link-local address (169.254.0.0/16)",
                [172, >= 16 and < 32, ..] => "a private address (172.16.0.0/12)",
                [192, 0, 0, _] => "reserved for protocol assignments (192.0.0.0/24)",
                [192, 168, ..] => "a private address (192.168.0.0/16)",
                [198, 18 or 19, ..] => "reserved for benchmarking (198.18.0.0/15)",
                [>= 224, ..] => "a multicast or reserved address (224.0.0.0/3)",
                _ => null,
            };
        }

        if (address.Equals(IPAddress.IPv6None))
        {
            return "the unspecified address";
        }

        // Forms that carry an IPv4 address inside: each is judged by the address it reaches.
        if (Embedded(bytes) is { } inner)
        {
            return Refusal(inner) is { } refusal ? $"{refusal}, reached through {address}" : null;
        }

        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal ? "a link-local address"
            : address.IsIPv6Teredo ? "a Teredo tunnel address (2001::/32), which can reach any IPv4 address"
            : bytes is [0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01, ..] ? "a local-use NAT64 address (64:ff9b:1::/48)"
            : bytes is [0x20, 0x01, 0x0D, 0xB8, ..] ? "a documentation address (2001:db8::/32)"
            : bytes is [0x01, 0x00, 0, 0, 0, 0, 0, 0, ..] ? "a discard-only address (100::/64)"
            : (bytes[0] & 0xFE) == 0xFC ? "a unique local (private) address (fc00::/7)"
            : bytes[0] == 0xFF ? "a multicast address"
            : null;
    }

    /// <summary>
    /// The IPv4 address inside an IPv4-compatible (::/96), well-known NAT64 (64:ff9b::/96) or 6to4
    /// (2002::/16) IPv6 address, or null.
    /// </summary>
    private static IPAddress? Embedded(byte[] bytes) => bytes switch
    {
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ..] => new IPAddress(bytes.AsSpan(12, 4)),
        [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0, ..] => new IPAddress(bytes.AsSpan(12, 4)),
        [0x20, 0x02, ..] => new IPAddress(bytes.AsSpan(2, 4)),
        _ => null,
    };

    /// <summary>
    /// Connects like <see cref="SocketsHttpHandler"/> does, but only to an address
    /// <see cref="Refusal"/> allows: every address of the host is checked, and the first allowed one
    /// is used. Redirects are not followed by the client using it, so each hop is this check.
    /// </summary>
    public static async ValueTask<Stream> ConnectPublicAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var refusals = new List<string>();
        foreach (var address in addresses)
        {
            if (Refusal(address) is { } refusal)
            {
                refusals.Add($"{address} is {refusal}");
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new OriginRefusedException(
            $"the origin {host} is not fetched from: {string.Join("; ", refusals)} (set Replication:AllowPrivateOrigins=true to allow addresses inside this network)");
    }
}
