using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Hosting;

/// <summary>
/// Where members reach this node: <c>Http:PublicOrigin</c>, else the loopback address and port it
/// is bound to. Sign-in messages are checked against its host and pinning delegates point at it;
/// a request's Host header is never trusted for either.
/// </summary>
public sealed class PublicOrigin(IOptions<HttpOptions> options, IServer server)
{
    /// <summary>The origin, <c>scheme://host[:port]/</c>.</summary>
    /// <exception cref="InvalidOperationException">Not configured and the server is not listening yet.</exception>
    public Uri Uri => options.Value.ParsedPublicOrigin ?? Bound();

    /// <summary>
    /// The authority a Sign-In with Ethereum message must name as its domain: the host, and the port
    /// unless it is the scheme's default (<c>union.example.org</c>, <c>127.0.0.1:5080</c>).
    /// </summary>
    public string Domain => Uri.Authority;

    private Uri Bound()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("the node is not listening yet, so its origin is unknown");
        return new Uri(new Uri(address).GetLeftPart(UriPartial.Authority));
    }
}
