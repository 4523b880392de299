using System.Text;
using DataUnion.Core.Content;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Testing;

namespace DataUnion.Ipfs.Tests.Blocks;

/// <summary>
/// What every block store layout must do; each layout's test class runs these against a real
/// store on disk.
/// </summary>
public abstract class BlockStoreContractTests : IDisposable
{
    private readonly List<IBlockStore> _opened = [];

    protected TempDirectory Directory { get; } = new();

    protected abstract IBlockStore Open(string root);

    protected IBlockStore CreateSut()
    {
        var store = Open(Directory.Combine("blocks"));
        _opened.Add(store);
        return store;
    }

    protected static (Cid Cid, byte[] Bytes) RawBlock(string text)
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

        var error = Assert.Throws<BlockRejectedException>(() => store.Put(cid, Encoding.UTF8.GetBytes("actual")));

        Assert.Contains(cid.ToString(), error.Message, StringComparison.Ordinal);
        Assert.False(store.Has(cid));
        Assert.Empty(store.Enumerate());
    }

    [Fact]
    public void Put_BlockOver2MiB_Refused()
    {
        var store = CreateSut();
        var bytes = new byte[IBlockStore.MaxBlockSize + 1];
        var cid = Cid.V1(Multicodec.Raw, Multihash.Sha256(bytes));

        var error = Assert.Throws<BlockRejectedException>(() => store.Put(cid, bytes));

        Assert.Contains("2 MiB", error.Message, StringComparison.Ordinal);
        Assert.False(store.Has(cid));
    }

    [Fact]
    public void Put_Exactly2MiB_Accepted()
    {
        var store = CreateSut();
        var bytes = new byte[IBlockStore.MaxBlockSize];
        var cid = Cid.V1(Multicodec.Raw, Multihash.Sha256(bytes));

        Assert.True(store.Put(cid, bytes));
    }

    [Fact]
    public void Get_BlockDamagedOnDisk_ThrowsInsteadOfServing()
    {
        var store = CreateSut();
        var (cid, bytes) = RawBlock("will rot");
        store.Put(cid, bytes);
        StoredBytes.Tamper(store.RootPath, bytes);

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
        Assert.True(store.Verify().IsHealthy);
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
    public void Probe_DirectoryReplacedByFile_ReportsTheProblem()
    {
        var store = CreateSut();
        System.IO.Directory.Delete(store.RootPath, recursive: true);
        File.WriteAllText(store.RootPath, "not a directory");

        Assert.Contains(store.RootPath, store.Probe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_DamagedBlock_IsReportedByCid()
    {
        var store = CreateSut();
        var (cid, bytes) = RawBlock("checked");
        var (other, otherBytes) = RawBlock("still fine");
        store.Put(cid, bytes);
        store.Put(other, otherBytes);
        var file = StoredBytes.Tamper(store.RootPath, bytes);

        var report = store.Verify();

        Assert.False(report.IsHealthy);
        Assert.Equal(2, report.BlocksChecked);
        var problem = Assert.Single(report.Problems);
        Assert.Contains(cid.ToString(), problem, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(file), problem, StringComparison.Ordinal);
        Assert.Equal(otherBytes, store.Get(other));
    }

    [Fact]
    public void Put_BatchNotCommitted_IsInvisible()
    {
        var store = CreateSut();
        var (cid, bytes) = RawBlock("pending");
        var batch = store.BeginBatch();

        Assert.True(store.Put(cid, bytes, batch));
        Assert.False(store.Put(cid, bytes, batch));
        Assert.False(store.Has(cid));
        Assert.Equal(1, batch.PendingCount);

        batch.Commit();
        Assert.Equal(bytes, store.Get(cid));
        Assert.Equal(0, batch.PendingCount);
    }

    [Fact]
    public void Put_BatchOfAnotherStore_IsRefused()
    {
        var store = CreateSut();
        using var other = Open(Directory.Combine("other"));
        var (cid, bytes) = RawBlock("crossed");

        Assert.Throws<ArgumentException>(() => store.Put(cid, bytes, other.BeginBatch()));
        Assert.False(store.Has(cid));
    }

    public void Dispose()
    {
        foreach (var store in _opened)
        {
            store.Dispose();
        }

        Directory.Dispose();
        GC.SuppressFinalize(this);
    }
}
