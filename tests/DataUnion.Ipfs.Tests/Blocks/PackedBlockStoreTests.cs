using DataUnion.Core.Content;
using DataUnion.Ipfs.Blocks;
using DataUnion.Testing;

namespace DataUnion.Ipfs.Tests.Blocks;

/// <summary>
/// The packed layout: the contract (with small packs, so it crosses pack boundaries), plus
/// reopening, interrupted batches, compaction and a damaged index.
/// </summary>
public sealed class PackedBlockStoreTests : BlockStoreContractTests
{
    private const long SmallPacks = 64 * 1024;

    protected override IBlockStore Open(string root) => new PackedBlockStore(root, SmallPacks);

    private static (Cid Cid, byte[] Bytes)[] Blocks(string seed, int count, int size) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var bytes = DeterministicBytes.Generate($"{seed}-{i}", size);
            return (Cid.V1(Multicodec.Raw, Multihash.Sha256(bytes)), bytes);
        })];

    private static string[] Packs(string root) =>
        [.. System.IO.Directory.GetFiles(Path.Combine(root, "packs"), "*.pack").Order(StringComparer.Ordinal)];

    private static long PackBytes(string root) => Packs(root).Sum(p => new FileInfo(p).Length);

    [Fact]
    public void Put_PastThePackSize_StartsANewPack()
    {
        var store = CreateSut();

        foreach (var (cid, bytes) in Blocks("roll", 40, 4096))
        {
            store.Put(cid, bytes);
        }

        var packs = Packs(store.RootPath);
        Assert.InRange(packs.Length, 3, 4);
        Assert.All(packs, p => Assert.InRange(new FileInfo(p).Length, 1, SmallPacks));
        Assert.Equal(40, store.Enumerate().Count());
    }

    [Fact]
    public void Reopen_AfterDispose_ServesTheSameBlocksAndAppendsToANewPack()
    {
        var root = Directory.Combine("blocks");
        var blocks = Blocks("reopen", 20, 5000);
        using (var first = new PackedBlockStore(root, SmallPacks))
        {
            foreach (var (cid, bytes) in blocks)
            {
                first.Put(cid, bytes);
            }
        }

        var packsBefore = Packs(root);
        using var reopened = new PackedBlockStore(root, SmallPacks);
        var (newCid, newBytes) = RawBlock("after reopening");
        reopened.Put(newCid, newBytes);

        Assert.All(blocks, b => Assert.Equal(b.Bytes, reopened.Get(b.Cid)));
        Assert.Equal(21, reopened.Enumerate().Count());
        Assert.True(reopened.Verify().IsHealthy);
        Assert.Equal(packsBefore.Length + 1, Packs(root).Length);
        Assert.Equal(newBytes, reopened.Get(newCid));
    }

    [Fact]
    public void Reopen_AfterABatchThatNeverCommitted_ShowsNoneOfItAndCompactReclaimsIt()
    {
        var root = Directory.Combine("blocks");
        var interrupted = Blocks("interrupted", 10, 4000);
        var (kept, keptBytes) = RawBlock("committed before the crash");
        using (var first = new PackedBlockStore(root, SmallPacks))
        {
            var batch = first.BeginBatch();
            foreach (var (cid, bytes) in interrupted)
            {
                first.Put(cid, bytes, batch);
            }

            first.Put(kept, keptBytes);
        }

        using var reopened = new PackedBlockStore(root, SmallPacks);
        var before = PackBytes(root);

        Assert.All(interrupted, b => Assert.False(reopened.Has(b.Cid)));
        Assert.Equal(1, reopened.Verify().BlocksChecked);
        var reclaimed = reopened.Compact();

        Assert.True(reclaimed >= 10 * 4000, $"reclaimed {reclaimed} bytes");
        Assert.True(PackBytes(root) < before - (10 * 4000), $"packs hold {PackBytes(root)} of {before} bytes");
        Assert.Equal(keptBytes, reopened.Get(kept));
        Assert.True(reopened.Verify().IsHealthy);
    }

    [Fact]
    public void Compact_AfterDeletingMostBlocks_KeepsTheRestReadableAndShrinksThePacks()
    {
        var store = CreateSut();
        var blocks = Blocks("compact", 60, 3000);
        foreach (var (cid, bytes) in blocks)
        {
            store.Put(cid, bytes);
        }

        var kept = blocks.Where((_, i) => i % 6 == 0).ToArray();
        var deleted = blocks.Where((_, i) => i % 6 != 0).ToArray();
        foreach (var (cid, _) in deleted)
        {
            Assert.True(store.Delete(cid.Hash));
        }

        var before = PackBytes(store.RootPath);
        var reclaimed = store.Compact();

        Assert.True(reclaimed > before / 2, $"reclaimed {reclaimed} of {before} bytes");
        Assert.True(PackBytes(store.RootPath) < before / 2);
        Assert.All(kept, b => Assert.Equal(b.Bytes, store.Get(b.Cid)));
        Assert.All(deleted, b => Assert.Null(store.Get(b.Cid)));
        var report = store.Verify();
        Assert.True(report.IsHealthy);
        Assert.Equal(kept.Length, report.BlocksChecked);
    }

    [Fact]
    public void Compact_EverythingDeleted_RemovesEveryPackButTheOneThatWasActive()
    {
        var store = CreateSut();
        foreach (var (cid, bytes) in Blocks("all-gone", 30, 3000))
        {
            store.Put(cid, bytes);
            store.Delete(cid.Hash);
        }

        var active = Packs(store.RootPath)[^1];
        store.Compact();

        // A put outside the GC lock may still be indexing into the active pack: it goes next time.
        Assert.Equal([active], Packs(store.RootPath));
        store.Compact();
        Assert.Empty(Packs(store.RootPath));
        Assert.Empty(store.Enumerate());
    }

    [Fact]
    public void Compact_PackWithADamagedBlock_IsKeptForVerifyToReport()
    {
        var store = CreateSut();
        var blocks = Blocks("damaged-pack", 12, 3000);
        foreach (var (cid, bytes) in blocks)
        {
            store.Put(cid, bytes);
        }

        foreach (var (cid, _) in blocks.Skip(2))
        {
            store.Delete(cid.Hash);
        }

        var pack = StoredBytes.Tamper(store.RootPath, blocks[0].Bytes);
        store.Compact();

        Assert.True(File.Exists(pack));
        Assert.Equal(blocks[1].Bytes, store.Get(blocks[1].Cid));
        Assert.Throws<BlockStoreException>(() => store.Get(blocks[0].Cid));
        var problem = Assert.Single(store.Verify().Problems);
        Assert.Contains(blocks[0].Cid.ToString(), problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WhileCompacting_ReadersSeeExactBytes()
    {
        var store = CreateSut();
        var blocks = Blocks("read-while-compacting", 160, 2000);
        foreach (var (cid, bytes) in blocks)
        {
            store.Put(cid, bytes);
        }

        var kept = blocks.Where((_, i) => i % 4 == 0).ToArray();
        foreach (var (cid, _) in blocks.Where((_, i) => i % 4 != 0))
        {
            store.Delete(cid.Hash);
        }

        using var stop = new CancellationTokenSource();
        var wrongReads = 0;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var (cid, bytes) in kept)
                {
                    if (store.Get(cid) is not { } read || !read.AsSpan().SequenceEqual(bytes))
                    {
                        Interlocked.Increment(ref wrongReads);
                    }
                }
            }
        })).ToArray();

        var reclaimed = await Task.Run(store.Compact);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.True(reclaimed > 0);
        Assert.Equal(0, wrongReads);
        Assert.True(store.Verify().IsHealthy);
    }

    [Fact]
    public void Open_DamagedIndex_IsRefusedNamingTheFile()
    {
        var root = Directory.Combine("blocks");
        using (var store = new PackedBlockStore(root, SmallPacks))
        {
            store.Put(RawBlock("indexed").Cid, RawBlock("indexed").Bytes);
        }

        File.WriteAllBytes(Path.Combine(root, "index.db"), DeterministicBytes.Generate("garbage", 16384));

        var error = Assert.Throws<BlockStoreException>(() => new PackedBlockStore(root, SmallPacks));

        Assert.Contains("index.db", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_PackedStoreConfiguredAsFlatfs_IsRefusedNamingBoth()
    {
        var store = CreateSut();

        var error = Assert.Throws<BlockStoreException>(() => BlockStores.Open(store.RootPath, BlockStoreLayout.Flatfs));

        Assert.Contains("packed layout, not flatfs", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(store.RootPath, "SHARDING")));
    }

    [Fact]
    public void Probe_WritableStore_ReportsNoProblemAndLeavesNoFile()
    {
        var store = CreateSut();

        Assert.Null(store.Probe());
        Assert.Subset(
            new HashSet<string?>(["LAYOUT", "packs", "index.db", "index-log.db"]),
            System.IO.Directory.GetFileSystemEntries(store.RootPath).Select(Path.GetFileName).ToHashSet());
    }
}
