using DataUnion.Core.Content;

namespace DataUnion.Ipfs.Blocks;

/// <summary>The checks every layout makes before it stores a block.</summary>
internal static class BlockValidation
{
    /// <summary>
    /// Throws <see cref="BlockRejectedException"/> when <paramref name="block"/> is over the size
    /// limit or does not hash to <paramref name="cid"/>.
    /// </summary>
    /// <returns>True when the block must be written; false for identity CIDs, which hold their data inline.</returns>
    public static bool MustStore(Cid cid, ReadOnlySpan<byte> block)
    {
        ArgumentNullException.ThrowIfNull(cid);
        if (block.Length > IBlockStore.MaxBlockSize)
        {
            throw new BlockRejectedException($"block {cid} is {block.Length} bytes; blocks over {IBlockStore.MaxBlockSize} bytes (2 MiB) are refused");
        }

        if (!cid.Hash.Matches(block))
        {
            throw new BlockRejectedException($"the bytes given for block {cid} do not hash to it; nothing was stored");
        }

        return cid.Hash.Code != Multicodec.Identity;
    }
}
