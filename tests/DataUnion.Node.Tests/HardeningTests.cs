using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DataUnion.Chain.Signing;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Store;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Node.Security;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;
using Nethereum.Signer;

namespace DataUnion.Node.Tests;

/// <summary>
/// What a probe of the running node found open: sign-in bound to the Host header, nonce floods,
/// oversized anonymous bodies, pin origins inside the network, TRACE, gateway content run as a
/// page. Each is refused here, through Kestrel.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class HardeningTests(HardhatChainFixture chain) : IDisposable
{
    private static readonly EthECKey Wallet = new("0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a");
    private readonly TempDirectory _directory = new();

    private Task<RunningNode> StartAsync(params string[] settings) =>
        RunningNode.StartAsync([.. RunningNode.ArgsFor(chain, _directory.Combine("node-" + Guid.NewGuid().ToString("N"))), .. settings]);

    private static async Task<string> NonceAsync(RunningNode node)
    {
        using var response = await node.Http.PostAsync(new Uri("/api/v1/auth/nonce", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nonce").GetString()!;
    }

    private async Task<HttpResponseMessage> SignInAsync(RunningNode node, string domain, string nonce, string? host = null, EthECKey? wallet = null)
    {
        wallet ??= Wallet;
        var now = TimeProvider.System.GetUtcNow();
        var text = new SiweMessage(domain, wallet.GetPublicAddress(), "Sign in.", $"https://{domain}/", chain.ChainId, nonce, now).ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/siwe")
        {
            Content = JsonContent.Create(new { message = text, signature = PersonalSign.Sign(text, wallet) }),
        };
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return await node.Http.SendAsync(request);
    }

    [Fact]
    public async Task SignIn_MessageForTheHostHeadersDomain_IsRefused()
    {
        await using var node = await StartAsync();

        using var response = await SignInAsync(node, "evil.example", await NonceAsync(node), host: "evil.example");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains($"not '{node.BaseUrl.Authority}'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_ConfiguredPublicOrigin_IsTheOnlyDomainWhateverTheHost()
    {
        await using var node = await StartAsync("--Http:PublicOrigin=https://union.example.org");

        using var configured = await SignInAsync(node, "union.example.org", await NonceAsync(node));
        using var bound = await SignInAsync(node, node.BaseUrl.Authority, await NonceAsync(node));

        Assert.Equal(HttpStatusCode.OK, configured.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bound.StatusCode);
        Assert.Contains("not 'union.example.org'", await bound.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nonce_FloodFromOneAddress_Is429WithRetryAfter_NeverA500()
    {
        await using var node = await StartAsync("--RateLimits:SignInPerMinute=20");

        var statuses = new List<HttpStatusCode>();
        TimeSpan? retryAfter = null;
        for (var i = 0; i < 30; i++)
        {
            using var response = await node.Http.PostAsync(new Uri("/api/v1/auth/nonce", UriKind.Relative), null);
            statuses.Add(response.StatusCode);
            retryAfter ??= response.Headers.RetryAfter?.Delta;
        }

        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.InRange(retryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Nonce_StoreFull_TheOldestUnusedMakesRoom_AndTheNewestStillSignsIn()
    {
        await using var node = await StartAsync("--RateLimits:MaxPendingNonces=5");
        var oldest = await NonceAsync(node);
        var nonces = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            nonces.Add(await NonceAsync(node));
        }

        using var evicted = await SignInAsync(node, node.BaseUrl.Authority, oldest);
        using var newest = await SignInAsync(node, node.BaseUrl.Authority, nonces[^1]);

        Assert.Equal(HttpStatusCode.Unauthorized, evicted.StatusCode);
        Assert.Contains("not issued by this node", await evicted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, newest.StatusCode);
    }

    [Fact]
    public async Task AnonymousEndpoints_AreRateLimitedPerClientAddress()
    {
        await using var node = await StartAsync("--RateLimits:AnonymousPerMinute=5");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await node.Http.GetAsync(new Uri("/health/live", UriKind.Relative));
            statuses.Add(response.StatusCode);
        }

        using var operatorCall = await node.Http.SendAsync(node.OperatorRequest(HttpMethod.Get, "/api/v1/node"));

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, operatorCall.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/auth/siwe")]
    [InlineData("/api/v1/auth/nonce")]
    public async Task AnonymousEndpoint_BodyOverItsSmallLimit_Is413(string path)
    {
        await using var node = await StartAsync();
        var body = "{\"message\":\"" + new string('m', 100_000) + "\",\"signature\":\"0x00\"}";

        using var response = await node.Http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge && answer.Contains("larger than the 8192 bytes", StringComparison.Ordinal), $"{(int)response.StatusCode}: {answer}");
    }

    [Theory]
    [InlineData("TRACE", "/health/live")]
    [InlineData("TRACE", "/api/v1/node")]
    [InlineData("TRACK", "/")]
    public async Task TraceAndTrack_AreRefused(string method, string path)
    {
        await using var node = await StartAsync();

        using var response = await node.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Gateway_StoredContent_NeverRunsAsAPage_AndOnlyImagesShowInline()
    {
        await using var node = await StartAsync("--Ipfs:PublicGateway=true");
        var store = node.App.Services.GetRequiredService<IpfsStore>();
        var html = (await store.AddFileAsync(new MemoryStream("<html><script>alert(1)</script></html>"u8.ToArray()), ImportOptions.KuboCidV1, pinFor: PinOwner.KuboRpc)).Cid;
        var jpeg = (await store.AddFileAsync(new MemoryStream([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]), ImportOptions.KuboCidV1, pinFor: PinOwner.KuboRpc)).Cid;

        using var page = await node.Http.GetAsync(new Uri($"/ipfs/{html}", UriKind.Relative));
        using var image = await node.Http.GetAsync(new Uri($"/ipfs/{jpeg}", UriKind.Relative));

        Assert.Equal("default-src 'none'; sandbox", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("attachment", page.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("default-src 'none'; sandbox", image.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Null(image.Content.Headers.ContentDisposition);
        Assert.Equal("nosniff", image.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task SignIn_SessionsFull_Is503_AndOpenSessionsStayValid()
    {
        await using var node = await StartAsync("--RateLimits:MaxSessions=1");
        var other = new EthECKey("0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");

        using var first = await SignInAsync(node, node.BaseUrl.Authority, await NonceAsync(node));
        using var refused = await SignInAsync(node, node.BaseUrl.Authority, await NonceAsync(node), wallet: other);
        var token = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        me.Headers.Authorization = new("Bearer", token);
        using var stillSignedIn = await node.Http.SendAsync(me);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("RateLimits:MaxSessions", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
    }

    private static async Task<HttpStatusCode> MeAsync(RunningNode node, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.Authorization = new("Bearer", token);
        using var response = await node.Http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Session_SurvivesARestart_AndEndsAtSignOut()
    {
        var root = _directory.Combine("restarted");
        string token;
        await using (var first = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, root)))
        {
            token = await WalletSignIn.SessionAsync(first, chain, Wallet);
        }

        await using var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, root));
        var afterRestart = await MeAsync(node, token);
        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/signout");
        signOut.Headers.Authorization = new("Bearer", token);
        using var signedOut = await node.Http.SendAsync(signOut);
        var afterSignOut = await MeAsync(node, token);

        Assert.Equal(HttpStatusCode.OK, afterRestart);
        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterSignOut);
    }

    private static async Task<HttpResponseMessage> PreflightAsync(RunningNode node, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/auth/me");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization");
        return await node.Http.SendAsync(request);
    }

    [Fact]
    public async Task Cors_IsOffByDefault()
    {
        await using var node = await StartAsync();

        using var preflight = await PreflightAsync(node, "https://app.example.org");

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Cors_AllowsTheListedFrontEndOnly()
    {
        await using var node = await StartAsync("--Http:CorsOrigins:0=https://app.example.org");

        using var listed = await PreflightAsync(node, "https://app.example.org");
        using var other = await PreflightAsync(node, "https://evil.example");

        Assert.Equal("https://app.example.org", listed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("authorization", listed.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static async Task<HttpStatusCode> HealthFromAsync(RunningNode node, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await node.Http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task ForwardedFor_FromAnUnconfiguredProxy_IsIgnored_SoOneClientCannotPoseAsMany()
    {
        await using var node = await StartAsync("--RateLimits:AnonymousPerMinute=2");

        var statuses = new[]
        {
            await HealthFromAsync(node, "203.0.113.1"),
            await HealthFromAsync(node, "203.0.113.2"),
            await HealthFromAsync(node, "203.0.113.3"),
        };

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task ForwardedFor_FromATrustedProxy_CountsEachClientOnItsOwn()
    {
        await using var node = await StartAsync("--RateLimits:AnonymousPerMinute=2", "--Http:TrustedProxies:0=127.0.0.1");

        var first = new[] { await HealthFromAsync(node, "203.0.113.1"), await HealthFromAsync(node, "203.0.113.1"), await HealthFromAsync(node, "203.0.113.1") };
        var second = await HealthFromAsync(node, "198.51.100.7");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.OK, second);
    }

    [Fact]
    public async Task SignIn_ManySlash64sOfOneSlash48_AreLimitedTogether()
    {
        await using var node = await StartAsync("--RateLimits:SignInPerMinute=1", "--Http:TrustedProxies:0=127.0.0.1");

        var statuses = new List<HttpStatusCode>();
        for (var subnet = 1; subnet <= RateLimiting.SignInSiteFactor + 1; subnet++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/nonce");
            request.Headers.Add("X-Forwarded-For", $"2001:db8:77:{subnet:x}::1");
            using var response = await node.Http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        using var elsewhere = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/nonce");
        elsewhere.Headers.Add("X-Forwarded-For", "2001:db8:78::1");
        using var otherSite = await node.Http.SendAsync(elsewhere);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, RateLimiting.SignInSiteFactor), HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, otherSite.StatusCode);
    }

    [Theory]
    [InlineData("/ip4/127.0.0.1/tcp/5001/http", "loopback")]
    [InlineData("/ip4/169.254.169.254/tcp/80/http", "link-local")]
    [InlineData("/ip4/10.1.2.3/tcp/8080/http", "private")]
    [InlineData("/ip6/fd00::1/tcp/443/https", "unique local")]
    [InlineData("/ip6/64:ff9b::7f00:1/tcp/5001/http", "loopback")]
    [InlineData("/ip6/2002:c0a8:101::1/tcp/80/http", "private")]
    [InlineData("/ip6/2001:0:4136:e378:8000:63bf:3fff:fdd2/tcp/80/http", "Teredo")]
    public async Task PinRequest_OriginInsideTheNetwork_Is400(string origin, string expected)
    {
        await using var node = await StartAsync();
        using var request = node.OperatorRequest(HttpMethod.Post, "/pins");
        request.Content = JsonContent.Create(new { cid = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", origins = new[] { origin } });

        using var response = await node.Http.SendAsync(request);
        var details = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("details").GetString();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("origins[0]", details, StringComparison.Ordinal);
        Assert.Contains(expected, details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PinRequest_NameThatResolvesToLoopback_IsNotFetchedFrom()
    {
        await using var node = await StartAsync("--Replication:Interval=00:00:00.100");
        using var request = node.OperatorRequest(HttpMethod.Post, "/pins");
        request.Content = JsonContent.Create(new
        {
            cid = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
            origins = new[] { $"/dns4/localhost/tcp/{node.BaseUrl.Port}/http" },
        });
        using var created = await node.Http.SendAsync(request);
        var requestId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestid").GetString();

        string? details = null;
        await Eventually.TrueAsync(async () =>
        {
            using var status = await node.Http.SendAsync(node.OperatorRequest(HttpMethod.Get, $"/pins/{requestId}"));
            var info = (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("info");
            details = info.TryGetProperty("status_details", out var d) ? d.GetString() : null;
            return details is not null;
        }, TimeSpan.FromSeconds(30), "the first fetch attempt");

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.Contains("is a loopback address", details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PinRequest_StoredWithAMalformedOrigin_FailsAlone_AndTheNodeKeepsRunning()
    {
        // Requests stored before origins were checked can hold anything: the worker must survive them.
        const string SeededId = "5eeded0000000000000000000000beef";
        var root = _directory.Combine("seeded");
        await using (await RunningNode.StartAsync(RunningNode.ArgsFor(chain, root)))
        {
        }

        using (var database = Storage.NodeDatabase.Open(Path.Combine(root, "node.db"), TimeProvider.System))
        {
            var now = TimeProvider.System.GetUtcNow();
            new Storage.Pins.LiteDbPinRequestStore(database).Save(new PinRequest(
                SeededId, Core.Content.Cid.Parse("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e"), null,
                ["/ip6/zz::1/tcp/80/http", "/dns4/bad host!/tcp/80/http", "/ip4/8.8.8.8/tcp/99999/http"], new Dictionary<string, string>(),
                PinRequestStatus.Queued, now, null, 0, now));
        }

        await using var node = await RunningNode.StartAsync([.. RunningNode.ArgsFor(chain, root), "--Replication:Interval=00:00:00.100"]);
        string? details = null;
        await Eventually.TrueAsync(async () =>
        {
            using var status = await node.Http.SendAsync(node.OperatorRequest(HttpMethod.Get, $"/pins/{SeededId}"));
            var info = (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("info");
            details = info.TryGetProperty("status_details", out var d) ? d.GetString() : null;
            return details is not null;
        }, TimeSpan.FromSeconds(30), "the first attempt at the seeded request");
        using var health = await node.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Contains("is not in the store", details, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task PinStatus_Delegates_AreTheConfiguredOrigin_NeverTheHostHeader()
    {
        await using var node = await StartAsync("--Http:PublicOrigin=https://union.example.org");
        using var request = node.OperatorRequest(HttpMethod.Post, "/pins");
        request.Headers.Host = "evil.example";
        request.Content = JsonContent.Create(new { cid = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e" });

        using var response = await node.Http.SendAsync(request);
        var delegates = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("delegates").EnumerateArray().Select(d => d.GetString()).ToList();

        Assert.Equal(["/dns/union.example.org/tcp/443/https"], delegates);
    }

    [Fact]
    public async Task KuboRpc_NoToken_Is401InKubosShape()
    {
        await using var node = await StartAsync();

        using var response = await node.Http.PostAsync(new Uri("/api/v0/pin/ls", UriKind.Relative), null);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("error", error.RootElement.GetProperty("Type").GetString());
        Assert.Contains("operator token", error.RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task DataDirectory_AndEverythingInIt_AreOwnerOnly()
    {
        var root = _directory.Combine("private");
        // Modes set explicitly: a node started earlier in this process set its file-creation mask.
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await File.WriteAllTextAsync(Path.Combine(root, "stray.txt"), "left by someone");
        File.SetUnixFileMode(Path.Combine(root, "stray.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using (var node = await RunningNode.StartAsync([.. RunningNode.ArgsFor(chain, root), "--Serilog:MinimumLevel:Default=Information"]))
        {
            var store = node.App.Services.GetRequiredService<IpfsStore>();
            await store.AddFileAsync(new MemoryStream(DeterministicBytes.Generate("modes", 600_000)), ImportOptions.KuboDefault, pinFor: PinOwner.KuboRpc);
            (await node.Http.SendAsync(node.OperatorRequest(HttpMethod.Get, "/api/v1/node"))).Dispose();
        }

        const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var entries = Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Prepend(root).ToList();
        var open = entries.Where(e => (File.GetUnixFileMode(e) & GroupOrOther) != 0).Select(e => $"{e}: {File.GetUnixFileMode(e)}").ToList();

        Assert.Contains(entries, e => e.EndsWith("node.db", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Contains("/logs/node-", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Contains("/blocks/", StringComparison.Ordinal));
        Assert.True(open.Count == 0, "open to group or others:\n" + string.Join("\n", open));
    }

    public void Dispose() => _directory.Dispose();
}
