namespace DataUnion.Ipfs.Blocks;

/// <summary>Opens a block store in the layout it was created with.</summary>
public static class BlockStores
{
    /// <summary>
    /// Opens the store at <paramref name="root"/>. A new (missing or empty) directory gets
    /// <paramref name="layout"/>; an existing store must already be in that layout, since reading
    /// one layout as the other would show an empty store.
    /// </summary>
    public static IBlockStore Open(string root, BlockStoreLayout layout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var existing = Detect(root);
        if (existing is { } found && found != layout)
        {
            throw new BlockStoreException(
                $"the block store '{Path.GetFullPath(root)}' is in the {Name(found)} layout, not {Name(layout)} as configured; " +
                $"set Ipfs:BlockLayout to {Name(found)}, or move the store away and re-import its pins from a CAR export");
        }

        return layout switch
        {
            BlockStoreLayout.Packed => new PackedBlockStore(root),
            BlockStoreLayout.Flatfs => new FileBlockStore(root),
            _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "unknown block store layout"),
        };
    }

    /// <summary>The layout of the store at <paramref name="root"/>, or null when there is none yet.</summary>
    public static BlockStoreLayout? Detect(string root)
    {
        if (File.Exists(Path.Combine(root, PackedBlockStore.LayoutFile)))
        {
            return BlockStoreLayout.Packed;
        }

        return File.Exists(Path.Combine(root, FileBlockStore.ShardingFile)) ? BlockStoreLayout.Flatfs : null;
    }

    /// <summary>The configuration spelling of <paramref name="layout"/>.</summary>
    public static string Name(BlockStoreLayout layout) => layout.ToString().ToLowerInvariant();
}
