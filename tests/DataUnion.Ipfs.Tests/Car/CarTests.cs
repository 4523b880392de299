using System.Buffers.Binary;
using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Car;
using DataUnion.Ipfs.Dag;
using DataUnion.Ipfs.Store;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Testing;

namespace DataUnion.Ipfs.Tests.Car;

public sealed class CarTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly List<TestStore> _stores = [];

    private IpfsStore CreateStore(string name)
    {
        var store = new TestStore(_directory.Combine(name));
        _stores.Add(store);
        return store.Store;
    }

    private static async Task<byte[]> ExportAsync(IpfsStore store, Cid root)
    {
        using var output = new MemoryStream();
        await store.ExportCarAsync(root, output);
        return output.ToArray();
    }

    private static async Task<List<(Cid Cid, byte[] Block)>> ReadAllAsync(byte[] car)
    {
        var reader = await CarReader.OpenAsync(new MemoryStream(car));
        var blocks = new List<(Cid, byte[])>();
        await foreach (var block in reader.ReadBlocksAsync())
        {
            blocks.Add(block);
        }

        return blocks;
    }

    [Fact]
    public async Task Export_MultiLevelFile_OneRootDepthFirstNoDuplicates()
    {
        var store = CreateStore("a");
        var options = ImportOptions.KuboDefault with { MaxLinks = 3, ChunkSize = 1024 };
        var root = await store.AddFileAsync(new MemoryStream(DeterministicBytes.Generate("car", 10 * 1024)), options, pinFor: PinOwner.KuboRpc);

        var car = await ExportAsync(store, root.Cid);
        var reader = await CarReader.OpenAsync(new MemoryStream(car));
        var blocks = await ReadAllAsync(car);

        Assert.Equal(1, reader.Version);
        Assert.Equal([root.Cid], reader.Roots);
        Assert.Equal(DagWalker.DepthFirst(store.Blocks, root.Cid).Select(b => b.Cid), blocks.Select(b => b.Cid));
        Assert.Equal(root.Cid, blocks[0].Cid);
        Assert.Equal(blocks.Count, blocks.Select(b => b.Cid).Distinct().Count());
        // 10 leaves under a 3-wide balanced tree: 10 leaves + 4 + 2 + 1 internal nodes.
        Assert.Equal(17, blocks.Count);
    }

    [Fact]
    public async Task Export_RepeatedChunks_WritesEachBlockOnce()
    {
        var store = CreateStore("a");
        var root = await store.AddFileAsync(new MemoryStream(new byte[3 * 262144]), ImportOptions.KuboDefault, pinFor: PinOwner.KuboRpc);

        var blocks = await ReadAllAsync(await ExportAsync(store, root.Cid));

        Assert.Equal(2, blocks.Count);
    }

    [Fact]
    public async Task ExportThenImport_IntoFreshStore_SameDagPinnedAndVerified()
    {
        var source = CreateStore("source");
        var root = await source.AddFileAsync(new MemoryStream(DeterministicBytes.Generate("roundtrip", (5 * 262144) + 3)), ImportOptions.KuboCidV1, pinFor: PinOwner.KuboRpc);
        var car = await ExportAsync(source, root.Cid);
        var target = CreateStore("target");

        var result = await target.ImportCarAsync(new MemoryStream(car), pinRootsFor: PinOwner.KuboRpc);

        Assert.Equal([root.Cid], result.Roots);
        Assert.Equal(7, result.BlockCount);
        Assert.Equal(PinMode.Recursive, Assert.Single(target.ListPins()).Mode);
        Assert.True(target.Blocks.Verify().IsHealthy);
        Assert.Equal(car, await ExportAsync(target, root.Cid));
    }

    [Fact]
    public async Task Import_CarV2_ReadsTheInnerCarV1()
    {
        var source = CreateStore("source");
        var root = await source.AddFileAsync(new MemoryStream(DeterministicBytes.Generate("v2", 300_000)), ImportOptions.KuboDefault, pinFor: PinOwner.KuboRpc);
        var v1 = await ExportAsync(source, root.Cid);
        var v2 = WrapAsCarV2(v1, padding: 7);
        var target = CreateStore("target");

        var result = await target.ImportCarAsync(new MemoryStream(v2), pinRootsFor: PinOwner.KuboRpc);

        Assert.Equal([root.Cid], result.Roots);
        Assert.Equal(3, result.BlockCount);
        Assert.True(target.Blocks.Has(root.Cid));
    }

    public static TheoryData<string, Func<byte[], byte[]>> Broken => new()
    {
        { "not a CAR file", _ => [0x00, 0x01, 0x02] },
        { "truncated", car => car[..^5] },
        { "does not hash to its CID", car => Flip(car, car.Length - 3) },
        { "truncated in the header", car => car[..10] },
        { "blocks over 2 MiB are refused", car => [.. car[..HeaderLength(car)], 0xff, 0xff, 0xff, 0x7f] },
        { "CAR version 3 is not supported", _ => [0x11, 0xa2, 0x65, .. "roots"u8, 0x80, 0x67, .. "version"u8, 0x03] },
        { "names no roots", _ => [0x11, 0xa2, 0x65, .. "roots"u8, 0x80, 0x67, .. "version"u8, 0x01] },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task Import_BrokenCar_SaysWhatIsWrongAndPinsNothing(string expected, Func<byte[], byte[]> breakIt)
    {
        var source = CreateStore("source");
        var root = await source.AddFileAsync(new MemoryStream(DeterministicBytes.Generate("broken", 600_000)), ImportOptions.KuboDefault, pinFor: PinOwner.KuboRpc);
        var car = breakIt(await ExportAsync(source, root.Cid));
        var target = CreateStore("target");

        var error = await Assert.ThrowsAsync<CarFormatException>(() => target.ImportCarAsync(new MemoryStream(car), pinRootsFor: PinOwner.KuboRpc));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(target.ListPins());
        Assert.True(target.Blocks.Verify().IsHealthy);
    }

    [Fact]
    public async Task Import_RootDagIncomplete_PinsNothing()
    {
        var source = CreateStore("source");
        var root = await source.AddFileAsync(new MemoryStream(DeterministicBytes.Generate("incomplete", 600_000)), ImportOptions.KuboDefault, pinFor: PinOwner.KuboRpc);
        var blocks = await ReadAllAsync(await ExportAsync(source, root.Cid));
        using var partial = new MemoryStream();
        var writer = new CarWriter(partial);
        await writer.WriteHeaderAsync([root.Cid]);
        foreach (var (cid, block) in blocks.Take(2))
        {
            await writer.WriteBlockAsync(cid, block);
        }

        var target = CreateStore("target");

        var error = await Assert.ThrowsAsync<BlockNotFoundException>(() => target.ImportCarAsync(new MemoryStream(partial.ToArray()), pinRootsFor: PinOwner.KuboRpc));

        Assert.Contains(blocks[2].Cid.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Empty(target.ListPins());
    }

    private static byte[] Flip(byte[] car, int index)
    {
        var copy = (byte[])car.Clone();
        copy[index] ^= 0xff;
        return copy;
    }

    private static int HeaderLength(byte[] car)
    {
        Varint.TryRead(car, out var length, out var read);
        return read + (int)length;
    }

    private static byte[] WrapAsCarV2(byte[] v1, int padding)
    {
        byte[] pragma = [0x0a, 0xa1, 0x67, .. "version"u8, 0x02];
        var header = new byte[40];
        var dataOffset = (ulong)(pragma.Length + header.Length + padding);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(16), dataOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(24), (ulong)v1.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(32), 0);
        return [.. pragma, .. header, .. new byte[padding], .. v1];
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        _directory.Dispose();
    }
}
