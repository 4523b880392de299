using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DataUnion.Chain.Signing;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;
using Nethereum.Signer;

namespace DataUnion.Node.Tests;

/// <summary>
/// Inputs a probe of the running node once answered with 500: each must be a 4xx that says what
/// was wrong, in the error shape of the API it was sent to, and the node must keep working after.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class BadInputTests(HardhatChainFixture chain) : IAsyncLifetime
{
    private static readonly EthECKey Wallet = new("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
    private readonly TempDirectory _directory = new();
    private RunningNode _node = null!;

    public async Task InitializeAsync()
    {
        var args = RunningNode.ArgsFor(chain, _directory.Path);
        args.Add("--Http:MaxRequestBodyBytes=1000000");
        _node = await RunningNode.StartAsync(args);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>A multipart body cut off in the middle of a part, with no closing boundary.</summary>
    private static ByteArrayContent TruncatedMultipart()
    {
        var body = Encoding.ASCII.GetBytes(
            "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\nthe first bytes of a file that never ends");
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=XyZ");
        return content;
    }

    private async Task<HttpResponseMessage> OperatorAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = _node.OperatorRequest(method, path);
        request.Content = content;
        return await _node.Http.SendAsync(request);
    }

    private static async Task<string> KuboMessageAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {body}");
        using var error = JsonDocument.Parse(body);
        Assert.Equal("error", error.RootElement.GetProperty("Type").GetString());
        return error.RootElement.GetProperty("Message").GetString()!;
    }

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        return problem.RootElement.GetProperty("detail").GetString()!;
    }

    [Theory]
    [InlineData("/api/v0/add")]
    [InlineData("/api/v0/block/put")]
    [InlineData("/api/v0/dag/import")]
    public async Task KuboRpc_TruncatedMultipartBody_Is400InKubosShape(string path)
    {
        using var response = await OperatorAsync(HttpMethod.Post, path, TruncatedMultipart());

        var message = await KuboMessageAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("request body", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("photos", "photos")]
    [InlineData("photos", "photos/a.jpg/b.jpg")]
    public async Task KuboRpc_AddWithAFileWhereADirectoryOrFileAlreadyIs_FailsTheAdd_AndTheNodeGoesOn(string directory, string file)
    {
        // The first file's line has gone out when the clash is found, so the add fails the way kubo
        // fails a stream that has started: an X-Stream-Error trailer, or, over HTTP/1.1 where
        // Kestrel sends no trailers, a cut connection. Either way it cannot pass as complete.
        string? streamError = null;
        try
        {
            using var response = await OperatorAsync(HttpMethod.Post, "/api/v0/add", Multipart.Files((directory, null), ("photos/a.jpg", "a"u8.ToArray()), (file, "b"u8.ToArray())));
            await response.Content.ReadAsStringAsync();
            streamError = response.TrailingHeaders.TryGetValues("X-Stream-Error", out var values) ? values.Single() : null;
            Assert.Contains("photos", streamError, StringComparison.Ordinal);
        }
        catch (HttpRequestException)
        {
            // Cut off: the client knows the add did not finish.
        }

        using var after = await OperatorAsync(HttpMethod.Post, "/api/v0/add", Multipart.Files(("fine.txt", "fine"u8.ToArray())));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task KuboRpc_AddWithTheSamePathTwiceBeforeAnyOutput_Is400SayingSo()
    {
        using var response = await OperatorAsync(HttpMethod.Post, "/api/v0/add", Multipart.Files(("photos", null), ("photos", "a"u8.ToArray())));

        Assert.Contains("appears twice", await KuboMessageAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KuboRpc_PinNameLongerThanKubosLimit_Is400()
    {
        using var add = await OperatorAsync(HttpMethod.Post, "/api/v0/add", Multipart.Files(("a.txt", "a"u8.ToArray())));
        var cid = JsonDocument.Parse(await add.Content.ReadAsStringAsync()).RootElement.GetProperty("Hash").GetString();

        using var response = await OperatorAsync(HttpMethod.Post, $"/api/v0/pin/add?arg={cid}&name={new string('n', 300)}");

        Assert.Contains("name", await KuboMessageAsync(response), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadSignatures => new()
    {
        // r and s must be in [1, n-1] of secp256k1; out of range they once threw from recovery.
        { "r zero", "0x" + new string('0', 64) + "1" + new string('0', 63) + "1b" },
        { "s zero", "0x" + "1" + new string('0', 63) + new string('0', 64) + "1b" },
        { "r at the group order", "0x" + "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141" + "1" + new string('0', 63) + "1c" },
        { "r and s all ones", "0x" + new string('f', 128) + "1b" },
        { "s above the group order", "0x" + "1" + new string('0', 63) + "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364142" + "1b" },
        { "v out of range", "0x" + "1" + new string('0', 63) + "1" + new string('0', 63) + "ff" },
        { "not hex", "0x" + new string('z', 130) },
    };

    [Theory]
    [MemberData(nameof(BadSignatures))]
    public async Task SignIn_SignatureOutOfRange_Is401SayingTheSignatureIsBad(string what, string signature)
    {
        using var nonce = await _node.Http.PostAsync(new Uri("/api/v1/auth/nonce", UriKind.Relative), null);
        var issued = (await nonce.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nonce").GetString()!;
        var now = TimeProvider.System.GetUtcNow();
        var message = new SiweMessage(_node.BaseUrl.Authority, Wallet.GetPublicAddress(), "Sign in.", _node.BaseUrl.ToString(), chain.ChainId, issued, now).ToString();

        using var response = await _node.Http.PostAsJsonAsync(new Uri("/api/v1/auth/siwe", UriKind.Relative), new { message, signature });

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Contains("signature", await ProblemDetailAsync(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2000)]
    [InlineData(1000)]
    [InlineData(65)]
    public async Task PutDomain_NameTooLong_Is400_AndLaterRequestsStillWork(int length)
    {
        var name = new string('d', length);
        using var response = await OperatorAsync(HttpMethod.Put, $"/api/v1/labeling/domains/{name}", JsonContent.Create(new { classes = new { face = 0.5 } }));
        using var domains = await OperatorAsync(HttpMethod.Get, "/api/v1/labeling/domains");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 64 characters", await ProblemDetailAsync(response), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, domains.StatusCode);
        Assert.Equal("[]", await domains.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PutDomain_ClassNameTooLong_Is400()
    {
        var classes = new Dictionary<string, double> { [new string('c', 2000)] = 0.5 };

        using var response = await OperatorAsync(HttpMethod.Put, "/api/v1/labeling/domains/faces", JsonContent.Create(new { classes }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("a class name has 1 to 64 characters", await ProblemDetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PinningService_BodyOverTheLimit_Is413InThePinningServiceShape()
    {
        var body = new StringContent("{\"cid\":\"" + new string('a', 1_200_000) + "\"}", Encoding.UTF8, "application/json");

        using var response = await OperatorAsync(HttpMethod.Post, "/pins", body);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("PAYLOAD_TOO_LARGE", error.RootElement.GetProperty("error").GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("{\"cid\":\"bafkqaaa\",\"name\":\"NAME\"}", "name")]
    [InlineData("{\"cid\":\"bafkqaaa\",\"origins\":[\"ORIGIN\"]}", "origins")]
    [InlineData("{\"cid\":\"bafkqaaa\",\"origins\":[\"/ip4/999.1.2.3/tcp/80/http\"]}", "origins[0]: '999.1.2.3' is not a valid ip4 host")]
    [InlineData("{\"cid\":\"bafkqaaa\",\"origins\":[\"/dns4/bad host!/tcp/443/https\"]}", "origins[0]")]
    [InlineData("{\"cid\":\"bafkqaaa\",\"origins\":[\"https://example.org\"]}", "not a multiaddr")]
    [InlineData("{\"cid\":\"bafkqaaa\",\"meta\":{\"KEY\":\"v\"}}", "meta")]
    [InlineData("{\"cid\":\"bafkqaaa\",\"meta\":{\"k\":\"VALUE\"}}", "meta")]
    [InlineData("{\"cid\":", "JSON")]
    [InlineData("[1,2]", "object")]
    public async Task PinningService_OversizedOrMalformedFields_Are400NamingTheField(string template, string field)
    {
        var json = template.Replace("NAME", new string('n', 256), StringComparison.Ordinal)
            .Replace("ORIGIN", "/dns4/" + new string('o', 1000) + "/tcp/443/https", StringComparison.Ordinal)
            .Replace("KEY", new string('k', 300), StringComparison.Ordinal)
            .Replace("VALUE", new string('v', 3000), StringComparison.Ordinal);

        using var response = await OperatorAsync(HttpMethod.Post, "/pins", new StringContent(json, Encoding.UTF8, "application/json"));
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, error.RootElement.GetProperty("error").GetProperty("details").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PinningService_RequestIdLongerThanAnyIssued_Is404()
    {
        using var response = await OperatorAsync(HttpMethod.Get, "/pins/" + new string('r', 2000));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
