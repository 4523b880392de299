using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DataUnion.Node.Security;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Nethereum.Signer;

namespace DataUnion.Node.Tests;

/// <summary>
/// Every endpoint the node maps, found from its own endpoint data source, sent malformed route
/// values, bodies and query strings with the credential it wants: none may answer 500 (a fault
/// of the node) or leave the node unable to answer a plain request afterwards.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class EndpointProbeTests(HardhatChainFixture chain) : IDisposable
{
    private static readonly EthECKey Wallet = new("0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");
    private readonly TempDirectory _directory = new();

    private static readonly string[] RouteValues = ["x", new string('p', 2000), "%00", "..%2F..", "bafkqaaa", "-1"];

    private static IEnumerable<(string Name, Func<HttpContent?> Body)> Bodies()
    {
        yield return ("no body", () => null);
        yield return ("broken JSON", () => new StringContent("{\"a\":", Encoding.UTF8, "application/json"));
        yield return ("JSON of the wrong shape", () => new StringContent("[1,{\"x\":null},\"" + new string('s', 3000) + "\"]", Encoding.UTF8, "application/json"));
        // Valid for most endpoints, so malformed route values reach the stores behind them.
        yield return ("a plausible body", () => new StringContent(
            "{\"classes\":{\"face\":0.5},\"image\":\"bafkqaaa\",\"width\":10,\"height\":10,\"contributor\":\"0x0000000000000000000000000000000000000001\","
            + "\"answers\":[],\"cid\":\"bafkqaaa\",\"name\":\"n\",\"key\":\"k\",\"message\":\"m\",\"signature\":\"0x00\"}",
            Encoding.UTF8,
            "application/json"));
        yield return ("JSON with nulls", () => new StringContent("{\"classes\":{\"c\":null},\"answers\":[null],\"image\":null,\"gold\":[{}],\"cid\":null}", Encoding.UTF8, "application/json"));
        yield return ("truncated multipart", () =>
        {
            var content = new ByteArrayContent(Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\nabc"));
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
            return content;
        }
        );
        yield return ("random bytes", () => new ByteArrayContent(DeterministicBytes.Generate("probe", 5000)));
    }

    [Fact]
    public async Task EveryEndpoint_MalformedInput_NeverAnswers500()
    {
        await using var node = await RunningNode.StartAsync([.. RunningNode.ArgsFor(chain, _directory.Path), "--RateLimits:SignInPerMinute=100000", "--RateLimits:AnonymousPerMinute=100000"]);
        var session = await WalletSignIn.SessionAsync(node, chain, Wallet);
        var operatorToken = (await File.ReadAllTextAsync(node.OperatorTokenFile)).Trim();
        var endpoints = node.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var faults = new List<string>();
        var probes = 0;

        foreach (var endpoint in endpoints)
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
            var wantsWallet = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == WalletSessionHandler.PolicyName);
            var token = wantsWallet ? session : operatorToken;
            foreach (var path in EndpointPaths.For(endpoint, RouteValues))
            {
                foreach (var method in methods.Where(m => m != "HEAD"))
                {
                    foreach (var (what, body) in Bodies())
                    {
                        using var request = new HttpRequestMessage(new HttpMethod(method), path + "?arg=%ZZ&limit=-5&versionId=abc&format=zip&cid-version=9");
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                        request.Content = body();
                        using var response = await node.Http.SendAsync(request);
                        probes++;
                        if (response.StatusCode is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway)
                        {
                            faults.Add($"{method} {path[..Math.Min(path.Length, 80)]} with {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        }
                    }
                }
            }
        }

        using var afterwards = await node.Http.SendAsync(node.OperatorRequest(HttpMethod.Get, "/api/v1/labeling/domains"));

        Assert.True(probes > 500, $"only {probes} probes were sent to {endpoints.Count} endpoints");
        Assert.True(faults.Count == 0, $"{faults.Count} of {probes} probes answered 5xx:\n" + string.Join("\n", faults.Take(20)));
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    public void Dispose() => _directory.Dispose();
}
