using System.Text;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Testing;

namespace DataUnion.Ipfs.Tests.UnixFs;

/// <summary>Reading directories back from a real block store: plain and HAMT-sharded alike, by name and whole.</summary>
public sealed class UnixFsDirectoryTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(10)]
    [InlineData(5000)]
    public async Task FindAndEntries_PlainOrSharded_GiveBackEveryEntry(int count)
    {
        using var test = new TestStore(_directory.Combine("store"));
        var names = Enumerable.Range(0, count).Select(i => $"bafkrei{i:D10}-image-{i % 7}.jpg").ToList();
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        DagLink root;
        await using (var session = await test.Store.BeginAddAsync())
        {
            var builder = new DirectoryBuilder();
            foreach (var name in names)
            {
                var link = await session.AddFileAsync(new MemoryStream(Encoding.UTF8.GetBytes(name)), ImportOptions.KuboCidV1);
                builder.Add(name, link);
                links[name] = link.Cid.ToString();
            }

            root = await session.AddDirectoryAsync(builder, 1);
        }

        var node = UnixFsFileReader.Load(test.Store.Blocks, root.Cid);
        Assert.Equal(count > 1000 ? UnixFsKind.HamtShard : UnixFsKind.Directory, node.Kind);
        foreach (var name in names.Where((_, i) => i % 97 == 0))
        {
            var found = UnixFsDirectory.Find(test.Store.Blocks, root.Cid, node, name);
            Assert.NotNull(found);
            Assert.Equal(name, found.Name);
            Assert.Equal(links[name], found.Cid.ToString());
        }

        Assert.Null(UnixFsDirectory.Find(test.Store.Blocks, root.Cid, node, "not-there.jpg"));
        var entries = UnixFsDirectory.Entries(test.Store.Blocks, root.Cid, node).ToDictionary(e => e.Name, e => e.Cid.ToString(), StringComparer.Ordinal);
        Assert.Equal(links, entries);
    }
}
