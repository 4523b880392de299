using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataUnion.Chain.Wallets;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;

namespace DataUnion.Node.Tests;

/// <summary>
/// The chain API through Kestrel on a real node: a version published through the outbox over
/// HTTP, seen by the indexer, never published twice, and bad requests refused with reasons.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class ChainApiTests(HardhatChainFixture chain) : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task PublishVersion_OverHttp_IsSentOnceConfirmedAndIndexed()
    {
        await using var snapshot = await chain.SnapshotAsync();
        await using var node = await StartNodeAsync();
        var body = PublishBody("release-2026-11");

        using var first = await SendAsync(node, HttpMethod.Post, "/api/v1/chain/versions", body);
        var intent = await WaitForIntentAsync(node, "release-2026-11");
        using var again = await SendAsync(node, HttpMethod.Post, "/api/v1/chain/versions", body);
        var versions = await WaitForVersionsAsync(node, v => v.GetProperty("datasetId").GetString() == "77");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("/api/v1/chain/outbox/release-2026-11", first.Headers.Location?.OriginalString);
        Assert.Equal("Confirmed", intent.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var version = Assert.Single(versions, v => v.GetProperty("datasetId").GetString() == "77");
        Assert.Equal(intent.GetProperty("minedIn").GetString(), version.GetProperty("published").GetProperty("transactionHash").GetString());
        Assert.Equal("1000", version.GetProperty("published").GetProperty("fields").GetProperty("totalShares").GetString());
    }

    [Fact]
    public async Task PublishVersion_BadFields_AreEachNamedIn400()
    {
        await using var node = await StartNodeAsync();

        using var response = await SendAsync(node, HttpMethod.Post, "/api/v1/chain/versions", new
        {
            key = "",
            imagesRoot = "0x1234",
            sharesRoot = "0x" + new string('0', 64),
            totalShares = "18446744073709551616",
            price = "ten",
            token = "0xnope",
            manifestCid = "not-a-cid",
        });
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        foreach (var field in new[] { "key:", "datasetId: required", "totalShares: expected a decimal integer from 1 to 18446744073709551615", "imagesRoot:", "sharesRoot: must not be zero", "totalShares:", "price:", "token:", "manifestCid:" })
        {
            Assert.Contains(field, detail);
        }
    }

    [Fact]
    public async Task PublishVersion_KeyReusedForAnotherVersion_Is409()
    {
        await using var snapshot = await chain.SnapshotAsync();
        await using var node = await StartNodeAsync();
        using var first = await SendAsync(node, HttpMethod.Post, "/api/v1/chain/versions", PublishBody("dup"));

        using var second = await SendAsync(node, HttpMethod.Post, "/api/v1/chain/versions", PublishBody("dup", datasetId: 78));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("'dup' was already used for a different call", await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Queries_BadAddressesAndVersions_Are400_AndTheApiNeedsTheOperatorToken()
    {
        await using var node = await StartNodeAsync();

        using var buyer = await SendAsync(node, HttpMethod.Get, "/api/v1/chain/purchases?buyer=nobody");
        using var version = await SendAsync(node, HttpMethod.Get, "/api/v1/chain/purchases?version=-1");
        using var stake = await SendAsync(node, HttpMethod.Get, "/api/v1/chain/stakes/0x12");
        using var missing = await SendAsync(node, HttpMethod.Get, "/api/v1/chain/outbox/no-such-key");
        using var anonymous = await node.Http.GetAsync("/api/v1/chain/status");

        Assert.Equal(HttpStatusCode.BadRequest, buyer.StatusCode);
        Assert.Contains("'nobody' is not an address", await buyer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, version.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, stake.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    public void Dispose() => _directory.Dispose();

    private static object PublishBody(string key, int datasetId = 77) => new
    {
        key,
        datasetId,
        imagesRoot = "0x" + new string('1', 64),
        sharesRoot = "0x" + new string('2', 64),
        totalShares = "1000",
        price = "5000000000000000000",
        manifestCid = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
    };

    private Task<RunningNode> StartNodeAsync() =>
        RunningNode.StartWithOperatorWalletAsync(chain, _directory.Combine("node-" + Guid.NewGuid().ToString("N")));

    private static async Task<HttpResponseMessage> SendAsync(RunningNode node, HttpMethod method, string path, object? body = null)
    {
        using var request = node.OperatorRequest(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await node.Http.SendAsync(request);
    }

    private static async Task<JsonElement> WaitForIntentAsync(RunningNode node, string key)
    {
        JsonElement intent = default;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await SendAsync(node, HttpMethod.Get, $"/api/v1/chain/outbox/{key}");
            intent = await response.Content.ReadFromJsonAsync<JsonElement>();
            return intent.GetProperty("state").GetString() is "Confirmed" or "Reverted" or "Failed";
        }, TimeSpan.FromSeconds(30), $"intent {key} finishing");
        return intent;
    }

    private static async Task<List<JsonElement>> WaitForVersionsAsync(RunningNode node, Func<JsonElement, bool> match)
    {
        var versions = new List<JsonElement>();
        await Eventually.TrueAsync(async () =>
        {
            using var response = await SendAsync(node, HttpMethod.Get, "/api/v1/chain/versions");
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            versions = [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
            return versions.Any(match);
        }, TimeSpan.FromSeconds(30), "the version being indexed");
        return versions;
    }
}
