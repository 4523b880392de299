namespace DataUnion.Ipfs.Blocks;

/// <summary>How blocks are laid out on disk.</summary>
public enum BlockStoreLayout
{
    /// <summary>
    /// Blocks appended to large pack files, located through a LiteDB index
    /// (<see cref="PackedBlockStore"/>). One file write and one fsync per add, whatever its
    /// number of blocks.
    /// </summary>
    Packed,

    /// <summary>One file per block in kubo's flatfs layout (<see cref="FileBlockStore"/>).</summary>
    Flatfs,
}
