using System.Text;
using DataUnion.Core.Content;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Testing;

namespace DataUnion.Ipfs.Tests.Blocks;

public sealed class FileBlockStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private FileBlockStore CreateSut() => new(_directory.Combine("blocks"));

    private static (Cid Cid, byte[] Bytes) RawBlock(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return (Cid.V1(Multicodec.Raw, Multihash.Sha256(bytes)), bytes);
    }

    [Fact]
    public void Put_ThenGet_ReturnsTheSameBytes()
    {
        var store = CreateSut();
        var (cid, bytes) = RawBlock("hello world");

        Assert.True(store.Put(cid, bytes));

        Assert.Equal(bytes, store.Get(cid));
        Assert.True(store.Has(cid));
        Assert.Equal(bytes.Length, store.GetSize(cid));
    }

    [Fact]
    public void Put_SameBlockTwice_SecondIsNoOp()
    {
        var store = CreateSut();
        var (cid, bytes) = RawBlock("twice");

        Assert.True(store.Put(cid, bytes));
        Assert.False(store.Put(cid, bytes));
        Assert.Single(store.Enumerate());
    }

    [Fact]
    public void Put_FileLayout_IsKubosFlatfsNextToLastTwo()
    {
        var store = CreateSut();
        var (cid, bytes) = RawBlock("hello world");

        store.Put(cid, bytes);

        var key = Base32Lower.Encode(cid.Hash.Bytes).ToUpperInvariant();
        Assert.StartsWith("CIQ", key, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(store.RootPath, key[^3..^1], key + ".data")));
        Assert.Equal("/repo/flatfs/shard/v1/next-to-last/2", File.ReadAllText(Path.Combine(store.RootPath, "SHARDING")).Trim());
    }

    [Fact]
    public void Has_CidV0AndV1OfOneBlock_ShareTheStoredFile()
    {
        var store = CreateSut();
        var bytes = new byte[] { 0x0a, 0x02, 0x08, 0x01 };
        var v0 = Cid.V0(Multihash.Sha256(bytes));

        store.Put(v0, bytes);

        Assert.True(store.Has(v0.ToV1()));
        Assert.Equal(bytes, store.Get(v0.ToV1()));
    }

    [Fact]
    public void Put_BytesNotMatchingTheCid_RefusedAndNothingStored()
    {
        var store = CreateSut();
        var (cid, _) = RawBlock("claimed");

        var error = Assert.Throws<BlockStoreException>(() => store.Put(cid, Encoding.UTF8.GetBytes("actual")));

        Assert.Contains(cid.ToString(), error.Message, StringComparison.Ordinal);
        Assert.False(store.Has(cid));
        Assert.Empty(store.Enumerate());
    }

    [Fact]
    public void Put_BlockOver2MiB_Refused()
    {
        var store = CreateSut();
        var bytes = new byte[FileBlockStore.MaxBlockSize + 1];
        var cid = Cid.V1(Multicodec.Raw, Multihash.Sha256(bytes));

        var error = Assert.Throws<BlockStoreException>(() => store.Put(cid, bytes));

        Assert.Contains("2 MiB", error.Message, StringComparison.Ordinal);
        Assert.False(store.Has(cid));
    }

    [Fact]
    public void Put_Exactly2MiB_Accepted()
    {
        var store = CreateSut();
        var bytes = new byte[FileBlockStore.MaxBlockSize];
        var cid = Cid.V1(Multicodec.Raw, Multihash.Sha256(bytes));

        Assert.True(store.Put(cid, bytes));
    }

    [Fact]
    public void Get_BlockDamagedOnDisk_ThrowsInsteadOfServing()
    {
        var store = CreateSut();
        var (cid, bytes) = RawBlock("will rot");
        store.Put(cid, bytes);
        var file = Directory.GetFiles(store.RootPath, "*.data", SearchOption.AllDirectories).Single();
        File.WriteAllText(file, "bit rot");

        var error = Assert.Throws<BlockStoreException>(() => store.Get(cid));

        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
        Assert.Contains(cid.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_Missing_ReturnsNull()
    {
        var store = CreateSut();

        Assert.Null(store.Get(RawBlock("absent").Cid));
        Assert.Null(store.GetSize(RawBlock("absent").Cid));
    }

    [Fact]
    public void IdentityCid_IsServedInlineAndNeverWritten()
    {
        var store = CreateSut();
        var empty = Cid.Parse("bafkqaaa");

        Assert.False(store.Put(empty, []));
        Assert.True(store.Has(empty));
        Assert.Empty(store.Get(empty)!);
        Assert.Empty(store.Enumerate());
    }

    [Fact]
    public void Delete_StoredBlock_RemovesIt()
    {
        var store = CreateSut();
        var (cid, bytes) = RawBlock("gone");
        store.Put(cid, bytes);

        Assert.True(store.Delete(cid.Hash));

        Assert.False(store.Has(cid));
        Assert.False(store.Delete(cid.Hash));
    }

    [Fact]
    public async Task PutAndGet_ConcurrentWritersAndReaders_ReadersSeeAbsentOrExactBytes()
    {
        var store = CreateSut();
        var blocks = Enumerable.Range(0, 64).Select(i => RawBlock($"block {i} " + new string('x', i * 100))).ToArray();
        var wrongReads = 0;

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            foreach (var (cid, bytes) in blocks)
            {
                store.Put(cid, bytes);
            }
        }));
        var readers = Enumerable.Range(0, 4).Select(r => Task.Run(() =>
        {
            for (var pass = 0; pass < 20; pass++)
            {
                foreach (var (cid, bytes) in blocks)
                {
                    var read = store.Get(cid);
                    if (read is not null && !read.AsSpan().SequenceEqual(bytes))
                    {
                        Interlocked.Increment(ref wrongReads);
                    }
                }
            }
        }));
        await Task.WhenAll(writers.Concat(readers));

        Assert.Equal(0, wrongReads);
        Assert.Equal(blocks.Length, store.Enumerate().Count());
        Assert.Empty(Directory.GetFiles(store.RootPath, ".tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Verify_AfterImport_IsHealthy()
    {
        var store = CreateSut();
        var batch = store.BeginBatch();
        var sink = new BlockStoreSink(store, batch);

        var root = await UnixFsImporter.ImportFileAsync(DeterministicBytes.Generate("verify", 3 * 262144), ImportOptions.KuboDefault, sink);
        batch.Commit();

        var report = store.Verify();
        Assert.True(report.IsHealthy);
        Assert.Equal(4, report.BlocksChecked);
        Assert.Equal(root.Cid, sink.Written[^1]);
        Assert.All(sink.Written, cid => Assert.True(store.Has(cid)));
    }

    [Fact]
    public void Verify_DamagedBlockAndLeftoverTempFile_ReportsOneRemovesTheOther()
    {
        var store = CreateSut();
        var (cid, bytes) = RawBlock("checked");
        store.Put(cid, bytes);
        var file = Directory.GetFiles(store.RootPath, "*.data", SearchOption.AllDirectories).Single();
        File.WriteAllText(file, "rot");
        var temp = Path.Combine(Path.GetDirectoryName(file)!, ".tmp-interrupted");
        File.WriteAllText(temp, "half a block");

        var report = store.Verify();

        Assert.False(report.IsHealthy);
        Assert.Contains(report.Problems, p => p.Contains(file, StringComparison.Ordinal));
        Assert.Equal(1, report.TemporaryFilesRemoved);
        Assert.False(File.Exists(temp));
    }

    [Fact]
    public void Open_StoreWithOtherSharding_IsRefused()
    {
        var root = _directory.Combine("blocks");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "SHARDING"), "/repo/flatfs/shard/v1/prefix/2\n");

        var error = Assert.Throws<BlockStoreException>(() => new FileBlockStore(root));

        Assert.Contains("prefix/2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_WritableStore_ReportsNoProblemAndLeavesNoFile()
    {
        var store = CreateSut();

        Assert.Null(store.Probe());
        Assert.Equal(["SHARDING"], Directory.GetFileSystemEntries(store.RootPath).Select(Path.GetFileName));
    }

    [Fact]
    public void Probe_DirectoryReplacedByFile_ReportsTheProblem()
    {
        var store = CreateSut();
        Directory.Delete(store.RootPath, recursive: true);
        File.WriteAllText(store.RootPath, "not a directory");

        Assert.Contains(store.RootPath, store.Probe(), StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
