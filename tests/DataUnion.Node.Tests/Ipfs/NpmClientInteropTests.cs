using System.Text.Json;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Store;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;

namespace DataUnion.Node.Tests.Ipfs;

/// <summary>Software no one here wrote, from npm, talking to the running node over loopback.</summary>
[Collection(HardhatChainCollection.Name)]
public sealed class NpmClientInteropTests(HardhatChainFixture chain) : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task VerifiedFetch_ImageFromOurGateway_GetsIdenticalVerifiedBytes()
    {
        var args = RunningNode.ArgsFor(chain, _directory.Combine("node"));
        args.Add("--Ipfs:PublicGateway=true");
        await using var node = await RunningNode.StartAsync(args);
        byte[] image = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. DeterministicBytes.Generate("verified-fetch", 900_000)];
        var store = node.App.Services.GetRequiredService<IpfsStore>();
        var root = await store.AddFileAsync(new MemoryStream(image), ImportOptions.KuboCidV1, pinFor: PinOwner.KuboRpc);
        var output = _directory.Combine("fetched.png");

        var result = JsonDocument.Parse(await NodeJs.RunAsync(
            "tests/reference/verified-fetch.mjs", TimeSpan.FromMinutes(2), node.BaseUrl.ToString().TrimEnd('/'), root.Cid.ToString(), output)).RootElement;

        Assert.Equal(200, result.GetProperty("status").GetInt32());
        Assert.Equal(image, await File.ReadAllBytesAsync(output));
    }

    [Fact]
    public async Task KuboRpcClient_AddCatPinLsRmBlockGet_WorkThroughOurRpc()
    {
        await using var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Combine("node")));
        var content = DeterministicBytes.Generate("kubo-rpc-client", 1_000_000);
        var contentFile = _directory.Combine("photo.jpg");
        await File.WriteAllBytesAsync(contentFile, content);
        var expected = await UnixFsImporter.ImportFileAsync(content, ImportOptions.KuboDefault, DiscardingBlockSink.Instance);

        var result = JsonDocument.Parse(await NodeJs.RunAsync(
            "tests/reference/kubo-rpc-client.mjs", TimeSpan.FromMinutes(2), node.BaseUrl + "api/v0", node.OperatorTokenFile, contentFile)).RootElement;

        Assert.Equal(expected.Cid.ToString(), result.GetProperty("added").GetProperty("cid").GetString());
        Assert.Equal("photo.jpg", result.GetProperty("added").GetProperty("path").GetString());
        Assert.True(result.GetProperty("catEqual").GetBoolean());
        var pin = Assert.Single(result.GetProperty("pinned").EnumerateArray());
        Assert.Equal(expected.Cid.ToString(), pin.GetProperty("cid").GetString());
        Assert.Equal("recursive", pin.GetProperty("type").GetString());
        Assert.Equal(expected.Cid.ToString(), result.GetProperty("removed").GetString());
        Assert.True(result.GetProperty("rootBlockLength").GetInt32() > 0);
    }

    public void Dispose() => _directory.Dispose();
}
