using System.Text;
using System.Text.Json;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Testing;

namespace DataUnion.Ipfs.Tests.UnixFs;

/// <summary>
/// Directories against ipfs-unixfs-importer (npm): plain below the sharding threshold, HAMT-sharded
/// above it (including shards nested where names share hash bytes), by kubo's legacy estimate and
/// by the unixfs-v1-2025 profile's whole-block estimate. Root CIDs must be identical.
/// </summary>
public sealed class DirectoryDifferentialTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>
    /// Entry counts around the threshold: a name of 64 characters and a CIDv1 of 36 bytes make 100
    /// bytes a link by kubo's estimate, so 2621 entries are 262100 bytes (plain) and 2622 are
    /// 262200 (sharded); 20000 entries shard with nested shards.
    /// </summary>
    [Theory]
    [InlineData("kubo-v1", 1, false)]
    [InlineData("kubo-v1", 2621, false)]
    [InlineData("kubo-v1", 2622, true)]
    [InlineData("kubo-v1", 20000, true)]
    [InlineData("unixfs-v1-2025", 2000, false)]
    [InlineData("unixfs-v1-2025", 2700, true)]
    public async Task BuildAsync_RootCidEqualsTheJsImporters(string mode, int count, bool sharded)
    {
        var entries = Enumerable.Range(0, count)
            .Select(i => (Name: $"{i:D8}-" + new string((char)('a' + (i % 26)), 50) + ".jpeg", Content: $"image {i}"))
            .ToList();
        Assert.All(entries, e => Assert.Equal(64, e.Name.Length));
        var request = _directory.Combine("request.json");
        await File.WriteAllTextAsync(request, JsonSerializer.Serialize(new[] { new { mode, entries = entries.Select(e => new { name = e.Name, content = e.Content }) } }));
        var reference = JsonSerializer.Deserialize<string[]>(await NodeJs.RunAsync("tests/reference/unixfs-directory.mjs", TimeSpan.FromMinutes(5), request))!;

        var (options, sharding) = mode == "kubo-v1"
            ? (ImportOptions.KuboCidV1, DirectorySharding.KuboDefault)
            : (ImportOptions.UnixFsV1Profile2025, DirectorySharding.UnixFsV1Profile2025);
        var directory = new DirectoryBuilder { Sharding = sharding };
        foreach (var (name, content) in entries)
        {
            directory.Add(name, await UnixFsImporter.ImportFileAsync(Encoding.UTF8.GetBytes(content), options, DiscardingBlockSink.Instance));
        }

        var blocks = new KeepingSink();
        var ours = await directory.BuildAsync(1, blocks);
        Assert.Equal(reference[0], ours.Cid.ToString());
        Assert.Equal(sharded ? UnixFsKind.HamtShard : UnixFsKind.Directory, UnixFsNode.Decode(ours.Cid, blocks.Blocks[ours.Cid.ToString()]).Kind);
    }

    private sealed class KeepingSink : IBlockSink
    {
        public Dictionary<string, byte[]> Blocks { get; } = [];

        public ValueTask PutAsync(DataUnion.Core.Content.Cid cid, ReadOnlyMemory<byte> block, CancellationToken cancellationToken = default)
        {
            Blocks[cid.ToString()] = block.ToArray();
            return ValueTask.CompletedTask;
        }
    }
}
