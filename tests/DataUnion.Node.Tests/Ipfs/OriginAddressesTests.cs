using System.Net;
using DataUnion.Node.Replication;

namespace DataUnion.Node.Tests.Ipfs;

/// <summary>Which addresses pin origins may be fetched from, and which multiaddrs name one at all.</summary>
public sealed class OriginAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("::ffff:10.0.0.1", "10.0.0.0/8")]
    [InlineData("64:ff9b::a9fe:a9fe", "169.254.0.0/16")]
    [InlineData("64:ff9b::7f00:1", "loopback")]
    [InlineData("64:ff9b:1::1", "local-use NAT64")]
    [InlineData("::c0a8:101", "192.168.0.0/16")]
    [InlineData("2002:ac10:0001::1", "172.16.0.0/12")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo")]
    [InlineData("2001:db8::1", "documentation")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fd12:3456::1", "unique local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::", "unspecified")]
    public void Refusal_AddressInsideTheNetworkOrReachingIntoIt_SaysWhy(string address, string expected)
    {
        Assert.Contains(expected, OriginAddresses.Refusal(IPAddress.Parse(address)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    [InlineData("2606:4700:4700::1111")]
    public void Refusal_PublicAddress_IsNull(string address)
    {
        Assert.Null(OriginAddresses.Refusal(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("/ip4/8.8.8.8/tcp/443/https", "https://8.8.8.8/")]
    [InlineData("/ip6/2606:4700::1/tcp/8080/http", "http://[2606:4700::1]:8080/")]
    [InlineData("/dns4/gateway.example.org/tcp/443/tls/http", "https://gateway.example.org/")]
    public void ToUrl_HttpMultiaddr_IsTheGatewayUrl(string multiaddr, string expected)
    {
        Assert.Equal(new Uri(expected), HttpMultiaddr.ToUrl(multiaddr));
    }

    [Theory]
    [InlineData("/ip4/999.1.2.3/tcp/80/http")]
    [InlineData("/ip4/2606:4700::1/tcp/80/http")]
    [InlineData("/ip6/1.2.3.4/tcp/80/http")]
    [InlineData("/ip6/zz::1/tcp/80/http")]
    [InlineData("/ip6/fe80::1%eth0/tcp/80/http")]
    [InlineData("/dns4/bad host!/tcp/80/http")]
    [InlineData("/dns4/a[b]/tcp/80/http")]
    [InlineData("/dns4/a@b/tcp/80/http")]
    [InlineData("/ip4/8.8.8.8/tcp/0/http")]
    [InlineData("/ip4/8.8.8.8/udp/443/quic")]
    [InlineData("/p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N")]
    public void ToUrl_MalformedOrNotHttp_IsNullAndNeverThrows(string multiaddr)
    {
        Assert.Null(HttpMultiaddr.ToUrl(multiaddr));
    }

    [Theory]
    [InlineData("https://example.org", "not a multiaddr")]
    [InlineData("/ip4/999.1.2.3/tcp/80/http", "not a valid ip4 host")]
    [InlineData("/dns4/a@b/tcp/443/https", "not a valid dns4 host")]
    public void Problem_MalformedOrigin_SaysWhatIsWrong(string multiaddr, string expected)
    {
        Assert.Contains(expected, HttpMultiaddr.Problem(multiaddr), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/ip4/8.8.8.8/tcp/443/https")]
    [InlineData("/ip4/8.8.8.8/udp/4001/quic-v1")]
    [InlineData("/p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N")]
    public void Problem_WellFormedOrigin_IsNull(string multiaddr)
    {
        Assert.Null(HttpMultiaddr.Problem(multiaddr));
    }
}
