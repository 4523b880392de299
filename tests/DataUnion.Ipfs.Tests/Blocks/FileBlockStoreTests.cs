using DataUnion.Core.Content;
using DataUnion.Ipfs.Blocks;

namespace DataUnion.Ipfs.Tests.Blocks;

/// <summary>The flatfs layout: the contract, plus kubo's file naming and temp-file recovery.</summary>
public sealed class FileBlockStoreTests : BlockStoreContractTests
{
    protected override IBlockStore Open(string root) => BlockStores.Open(root, BlockStoreLayout.Flatfs);

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
    public void Verify_LeftoverTempFile_IsRemoved()
    {
        var store = CreateSut();
        var (cid, bytes) = RawBlock("checked");
        store.Put(cid, bytes);
        var file = System.IO.Directory.GetFiles(store.RootPath, "*.data", SearchOption.AllDirectories).Single();
        var temp = Path.Combine(Path.GetDirectoryName(file)!, ".tmp-interrupted");
        File.WriteAllText(temp, "half a block");

        var report = store.Verify();

        Assert.True(report.IsHealthy);
        Assert.Equal(1, report.TemporaryFilesRemoved);
        Assert.False(File.Exists(temp));
    }

    [Fact]
    public void Open_StoreWithOtherSharding_IsRefused()
    {
        var root = Directory.Combine("blocks");
        System.IO.Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "SHARDING"), "/repo/flatfs/shard/v1/prefix/2\n");

        var error = Assert.Throws<BlockStoreException>(() => new FileBlockStore(root));

        Assert.Contains("prefix/2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FlatfsStoreConfiguredAsPacked_IsRefusedNamingBoth()
    {
        var store = CreateSut();
        store.Put(RawBlock("kept").Cid, RawBlock("kept").Bytes);

        var error = Assert.Throws<BlockStoreException>(() => BlockStores.Open(store.RootPath, BlockStoreLayout.Packed));

        Assert.Contains("flatfs layout, not packed", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(store.RootPath, "LAYOUT")));
    }

    [Fact]
    public void Probe_WritableStore_ReportsNoProblemAndLeavesNoFile()
    {
        var store = CreateSut();

        Assert.Null(store.Probe());
        Assert.Equal(["SHARDING"], System.IO.Directory.GetFileSystemEntries(store.RootPath).Select(Path.GetFileName));
    }
}
