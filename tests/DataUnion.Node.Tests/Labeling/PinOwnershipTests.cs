using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Store;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;

namespace DataUnion.Node.Tests.Labeling;

/// <summary>
/// Pins have owners: an image put up for labeling stays however the pin that brought it goes
/// (a pinning-service request deleted, the RPC's pin removed), through garbage collection.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class PinOwnershipTests(HardhatChainFixture chain) : IDisposable
{
    private const string Contributor = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task DeletePinRequest_ImageInLabeling_SurvivesTheDeleteAndGarbageCollection()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Replication:Interval=00:00:00.100");
        var store = node.Node.App.Services.GetRequiredService<IpfsStore>();
        var bytes = DeterministicBytes.Generate("psa-image", 400_000);
        var image = (await store.AddFileAsync(new MemoryStream(bytes), ImportOptions.KuboCidV1, pinFor: null)).Cid;
        using var created = await node.OperatorAsync(HttpMethod.Post, "/pins", new { cid = image.ToString(), name = "contributed photo" });
        var requestId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestid").GetString();
        await Eventually.TrueAsync(async () =>
        {
            using var status = await node.OperatorAsync(HttpMethod.Get, $"/pins/{requestId}");
            return (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() == "pinned";
        }, Patience, "the pin request pinned");
        using var labeled = await node.OperatorAsync(HttpMethod.Post, "/api/v1/labeling/domains/faces/images", new { image = image.ToString(), width = 640, height = 480, contributor = Contributor });
        labeled.EnsureSuccessStatusCode();

        using var deleted = await node.OperatorAsync(HttpMethod.Delete, $"/pins/{requestId}");
        using var gc = await node.OperatorAsync(HttpMethod.Post, "/api/v0/repo/gc");
        using var fetched = await node.OperatorAsync(HttpMethod.Get, $"/ipfs/{image}");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, gc.StatusCode);
        Assert.Equal(["labeling:faces"], store.FindPin(image)!.Owners);
        Assert.Equal(bytes, await fetched.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task KuboPinRm_ImageInLabeling_LetsGoOfTheRpcPinOnly_AndRefusesWhatTheRpcNeverPinned()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory);
        var image = await node.AddImageAsync("rpc-image", gold: false, Contributor, x: 10);
        var store = node.Node.App.Services.GetRequiredService<IpfsStore>();

        using var first = await node.OperatorAsync(HttpMethod.Post, $"/api/v0/pin/rm?arg={image}");
        using var second = await node.OperatorAsync(HttpMethod.Post, $"/api/v0/pin/rm?arg={image}");
        using var gc = await node.OperatorAsync(HttpMethod.Post, "/api/v0/repo/gc");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("held by labeling:faces", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["labeling:faces"], store.FindPin(Cid.Parse(image))!.Owners);
        Assert.NotNull(store.Blocks.Get(Cid.Parse(image)));
    }

    [Fact]
    public async Task PostImage_CidV0AndCidV1OfOneImage_AreOneImage()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory);
        var v0 = Cid.Parse(await node.PinAsync("twice"));
        var v1 = v0.ToV1();

        using var first = await node.OperatorAsync(HttpMethod.Post, "/api/v1/labeling/domains/faces/images", new { image = v0.ToString(), width = 200, height = 100, contributor = Contributor });
        using var again = await node.OperatorAsync(HttpMethod.Post, "/api/v1/labeling/domains/faces/images", new { image = v1.ToString(), width = 200, height = 100, contributor = Contributor });
        using var other = await node.OperatorAsync(HttpMethod.Post, "/api/v1/labeling/domains/faces/images", new { image = v1.ToString(), width = 300, height = 100, contributor = Contributor });
        using var domains = await node.OperatorAsync(HttpMethod.Get, "/api/v1/labeling/domains");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(v0.ToString(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("image").GetString());
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Contains($"the same content as '{v0}'", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, (await domains.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("images").GetInt32());
    }

    [Fact]
    public async Task PostImage_DirectPin_IsHeldRecursively_AndOneWithMissingBlocksIsRefused()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory);
        var store = node.Node.App.Services.GetRequiredService<IpfsStore>();
        var brokenBytes = DeterministicBytes.Generate("direct-broken", 600_000);
        var broken = (await store.AddFileAsync(new MemoryStream(brokenBytes), ImportOptions.KuboCidV1, pinFor: null)).Cid;
        await store.PinAsync(broken, PinMode.Direct, PinOwner.KuboRpc);
        await store.CollectGarbageAsync(); // a direct pin keeps the root block only
        var wholeBytes = DeterministicBytes.Generate("direct-whole", 600_000);
        var whole = (await store.AddFileAsync(new MemoryStream(wholeBytes), ImportOptions.KuboCidV1, pinFor: null)).Cid;
        await store.PinAsync(whole, PinMode.Direct, PinOwner.KuboRpc);

        using var refused = await node.OperatorAsync(HttpMethod.Post, "/api/v1/labeling/domains/faces/images", new { image = broken.ToString(), width = 640, height = 480, contributor = Contributor });
        using var accepted = await node.OperatorAsync(HttpMethod.Post, "/api/v1/labeling/domains/faces/images", new { image = whole.ToString(), width = 640, height = 480, contributor = Contributor });
        await store.CollectGarbageAsync();
        using var fetched = await node.OperatorAsync(HttpMethod.Get, $"/ipfs/{whole}");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("pin it recursively", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(PinMode.Recursive, store.FindPin(whole)!.Mode);
        Assert.Equal(["rpc", "labeling:faces"], store.FindPin(whole)!.Owners);
        Assert.Equal(wholeBytes, await fetched.Content.ReadAsByteArrayAsync());
    }

    public void Dispose() => _directory.Dispose();
}
