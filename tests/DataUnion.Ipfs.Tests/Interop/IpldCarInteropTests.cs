using System.Text.Json;
using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Store;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Testing;

namespace DataUnion.Ipfs.Tests.Interop;

/// <summary>Our CAR files against @ipld/car, the JS implementation, in both directions.</summary>
public sealed class IpldCarInteropTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly TestStore _testStore;
    private readonly IpfsStore _store;

    public IpldCarInteropTests()
    {
        _testStore = new TestStore(_directory.Path);
        _store = _testStore.Store;
    }

    [Fact]
    public async Task ExportedCar_ReadByIpldCar_SameRootAndEveryBlockVerifies()
    {
        var root = await _store.AddFileAsync(new MemoryStream(DeterministicBytes.Generate("ipld-car", (3 * 262144) + 100)), ImportOptions.KuboCidV1, pinFor: PinOwner.KuboRpc);
        var path = _directory.Combine("export.car");
        await using (var file = File.Create(path))
        {
            await _store.ExportCarAsync(root.Cid, file);
        }

        using var result = JsonDocument.Parse(await NodeJs.RunAsync("tests/reference/car.mjs", TimeSpan.FromMinutes(2), "read", path));

        Assert.Equal([root.Cid.ToString()], result.RootElement.GetProperty("roots").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(5, result.RootElement.GetProperty("blocks").GetArrayLength());
        Assert.Equal(root.Cid.ToString(), result.RootElement.GetProperty("blocks")[0].GetString());
        Assert.True(result.RootElement.GetProperty("allVerified").GetBoolean());
    }

    [Fact]
    public async Task CarWrittenByIpldCar_ImportsAndPins()
    {
        var path = _directory.Combine("js.car");
        var root = Cid.Parse(await NodeJs.RunAsync("tests/reference/car.mjs", TimeSpan.FromMinutes(2), "write", path, "from-js", "700000"));

        await using var file = File.OpenRead(path);
        var result = await _store.ImportCarAsync(file, pinRootsFor: PinOwner.KuboRpc);

        Assert.Equal([root], result.Roots);
        Assert.Equal(4, result.BlockCount);
        Assert.Single(_store.ListPins());
        using var exported = new MemoryStream();
        Assert.Equal(4, await _store.ExportCarAsync(root, exported));
    }

    public void Dispose()
    {
        _testStore.Dispose();
        _directory.Dispose();
    }
}
