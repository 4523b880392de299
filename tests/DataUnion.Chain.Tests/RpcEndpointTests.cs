namespace DataUnion.Chain.Tests;

public class RpcEndpointTests
{
    [Theory]
    [InlineData("https://mainnet.infura.io/v3/0123456789abcdef", "https://mainnet.infura.io:443/…")]
    [InlineData("https://user:pass@rpc.example.org", "https://rpc.example.org:443/…")]
    [InlineData("http://127.0.0.1:8545", "http://127.0.0.1:8545")]
    [InlineData("", "(empty)")]
    [InlineData("not a url", "(not a URL)")]
    public void Redact_Url_KeepsOnlySchemeHostAndPort(string url, string expected) => Assert.Equal(expected, RpcEndpoint.Redact(url));
}
