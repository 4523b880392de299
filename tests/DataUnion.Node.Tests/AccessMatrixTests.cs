using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DataUnion.Node.Security;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;
using Microsoft.AspNetCore.Routing;
using Nethereum.Signer;

namespace DataUnion.Node.Tests;

/// <summary>
/// The access matrix: every endpoint the node maps, found from its own endpoint data source,
/// declares a role, and is called as the public, with bogus tokens, as a member and as the
/// operator. Only the callers its role admits get past authentication; everyone else gets 401 or 403.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class AccessMatrixTests(HardhatChainFixture chain) : IDisposable
{
    private static readonly EthECKey Wallet = new("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    private readonly TempDirectory _directory = new();

    private enum Caller
    {
        Public,
        BogusOperatorToken,
        BogusSessionToken,
        Member,
        Operator,
    }

    private static bool Admits(Role role, Caller caller) => role switch
    {
        Role.Public => true,
        Role.Member => caller == Caller.Member,
        _ => caller == Caller.Operator,
    };

    [Fact]
    public async Task EveryEndpoint_DeclaresItsRole_AndAdmitsExactlyTheCallersOfThatRole()
    {
        await using var node = await RunningNode.StartAsync([.. RunningNode.ArgsFor(chain, _directory.Path), "--RateLimits:SignInPerMinute=100000", "--RateLimits:SignInsPerWalletPerMinute=100000", "--RateLimits:AnonymousPerMinute=100000"]);
        var tokens = new Dictionary<Caller, string?>
        {
            [Caller.Public] = null,
            [Caller.BogusOperatorToken] = new string('b', 43),
            [Caller.BogusSessionToken] = WalletSessions.TokenPrefix + new string('b', 43),
            [Caller.Member] = null,
            [Caller.Operator] = (await File.ReadAllTextAsync(node.OperatorTokenFile)).Trim(),
        };
        var endpoints = node.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var undeclared = endpoints.Where(e => Roles.Of(e) is null).Select(e => e.RoutePattern.RawText).ToList();
        var wrong = new List<string>();
        var calls = 0;

        foreach (var endpoint in endpoints.Where(e => Roles.Of(e) is not null))
        {
            var role = Roles.Of(endpoint)!.Value;
            var path = EndpointPaths.For(endpoint, ["x"]).First();
            // A session of its own for every endpoint: one of them is sign-out.
            tokens[Caller.Member] = await WalletSignIn.SessionAsync(node, chain, Wallet);
            foreach (var method in (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Where(m => m != "HEAD"))
            {
                foreach (var (caller, token) in tokens.ToList())
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), path);
                    if (token is not null)
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    }

                    if (method is "POST" or "PUT")
                    {
                        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                    }

                    using var response = await node.Http.SendAsync(request);
                    calls++;
                    var admitted = response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
                    if (admitted != Admits(role, caller))
                    {
                        wrong.Add($"{method} {path} ({role}) as {caller}: {(int)response.StatusCode}");
                    }
                }
            }
        }

        Assert.True(undeclared.Count == 0, "endpoints without a declared role:\n" + string.Join("\n", undeclared));
        Assert.True(calls > 100, $"only {calls} calls to {endpoints.Count} endpoints");
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {calls} calls were let in or kept out against the endpoint's role:\n" + string.Join("\n", wrong.Take(30)));
    }

    [Fact]
    public async Task OpenApiDocument_SaysEachOperationsRole()
    {
        await using var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path));

        var document = await node.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Contains("Role: public", document, StringComparison.Ordinal);
        Assert.Contains("Role: member", document, StringComparison.Ordinal);
        Assert.Contains("Role: operator", document, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
