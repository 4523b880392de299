using DataUnion.Core.Content;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Car;
using DataUnion.Ipfs.Store;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Storage;
using DataUnion.Storage.Pins;
using DataUnion.Testing;

namespace DataUnion.Cli.Tests;

/// <summary>
/// Writing a tree straight from a CAR: files of one block, of many chunks and of chunks under
/// intermediate nodes, the same content twice (the CAR sends it once), a HAMT-sharded directory;
/// and a CAR with a block missing or a block too many, which write nothing.
/// </summary>
public sealed class VersionReceiverTests : IDisposable
{
    private static readonly CliConsole Quiet = new(TextWriter.Null, TextWriter.Null, Stream.Null, ShowProgress: false);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ReceiveAsync_AWholeTree_WritesEveryFileByteForByte()
    {
        var files = new Dictionary<string, byte[]>
        {
            ["small.bin"] = DeterministicBytes.Generate("small", 1000),
            ["chunks.bin"] = DeterministicBytes.Generate("chunks", 1_300_000),
            ["deep.bin"] = DeterministicBytes.Generate("deep", (175 * 262_144) + 17),
            ["copy-of-chunks.bin"] = DeterministicBytes.Generate("chunks", 1_300_000),
            ["empty.bin"] = [],
        };
        var many = Enumerable.Range(0, 3000).ToDictionary(i => $"{i:D6}-{new string('x', 50)}.jpg", i => DeterministicBytes.Generate($"img{i}", 100 + (i % 7)));
        var (root, car) = await CarOfAsync(files, many);

        var target = _directory.Combine("out");
        var (written, _) = await VersionReceiver.ReceiveAsync(Quiet, new MemoryStream(car), root, target, 0, CancellationToken.None);

        Assert.Equal(files.Count + many.Count, written);
        foreach (var (name, bytes) in files)
        {
            Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(target, name)));
        }

        foreach (var (name, bytes) in many.Where((_, i) => i % 97 == 0))
        {
            Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(target, "images", name)));
        }
    }

    [Fact]
    public async Task ReceiveAsync_ABlockMissingOrOneTooMany_WritesNothing()
    {
        var (root, car) = await CarOfAsync(new Dictionary<string, byte[]> { ["a.bin"] = DeterministicBytes.Generate("a", 700_000) }, []);
        var blocks = await BlocksOfAsync(car);

        var missing = await Assert.ThrowsAsync<CliFailureException>(() => ReceiveAsync(root, blocks.Take(blocks.Count - 1), "missing"));
        var extra = await Assert.ThrowsAsync<CliFailureException>(() => ReceiveAsync(root, [.. blocks, (Cid.V1(Multicodec.Raw, Multihash.Sha256("stray"u8)), "stray"u8.ToArray())], "extra"));

        Assert.Contains("incomplete", missing.Message, StringComparison.Ordinal);
        Assert.Contains("does not link", extra.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory.Combine("missing")));
        Assert.False(Directory.Exists(_directory.Combine("extra")));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_directory.Path), p => p.Contains(".partial-", StringComparison.Ordinal));
    }

    private async Task ReceiveAsync(Cid root, IEnumerable<(Cid Cid, byte[] Block)> blocks, string name)
    {
        using var car = new MemoryStream();
        var writer = new CarWriter(car);
        await writer.WriteHeaderAsync([root]);
        foreach (var (cid, block) in blocks)
        {
            await writer.WriteBlockAsync(cid, block);
        }

        car.Position = 0;
        await VersionReceiver.ReceiveAsync(Quiet, car, root, _directory.Combine(name), 0, CancellationToken.None);
    }

    private static async Task<List<(Cid Cid, byte[] Block)>> BlocksOfAsync(byte[] car)
    {
        var reader = await CarReader.OpenAsync(new MemoryStream(car));
        var blocks = new List<(Cid, byte[])>();
        await foreach (var block in reader.ReadBlocksAsync())
        {
            blocks.Add(block);
        }

        return blocks;
    }

    /// <summary>The files (and, under images/, a directory large enough to be a HAMT) as the node's store exports them.</summary>
    private async Task<(Cid Root, byte[] Car)> CarOfAsync(Dictionary<string, byte[]> files, Dictionary<string, byte[]> images)
    {
        var folder = _directory.Combine("store-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        using var database = NodeDatabase.Open(Path.Combine(folder, "node.db"), TimeProvider.System);
        using var blocks = BlockStores.Open(Path.Combine(folder, "blocks"), BlockStoreLayout.Packed);
        var store = new IpfsStore(blocks, new LiteDbPinStore(database), TimeProvider.System);
        DagLink root;
        await using (var session = await store.BeginAddAsync())
        {
            var top = new DirectoryBuilder();
            foreach (var (name, bytes) in files)
            {
                top.Add(name, await session.AddFileAsync(new MemoryStream(bytes), ImportOptions.KuboCidV1));
            }

            if (images.Count > 0)
            {
                var dir = new DirectoryBuilder();
                foreach (var (name, bytes) in images)
                {
                    dir.Add(name, await session.AddFileAsync(new MemoryStream(bytes), ImportOptions.KuboCidV1));
                }

                top.Add("images", await session.AddDirectoryAsync(dir, 1));
            }

            root = await session.AddDirectoryAsync(top, 1);
        }

        using var car = new MemoryStream();
        await store.ExportCarAsync(root.Cid, car);
        return (root.Cid, car.ToArray());
    }
}
