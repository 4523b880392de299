using DataUnion.Core.Content;

namespace DataUnion.Ipfs.Blocks;

/// <summary>A block the operation needs is not in the store (this node has no network to fetch it from).</summary>
public sealed class BlockNotFoundException : BlockStoreException
{
    /// <summary>Creates the exception for <paramref name="cid"/>, with a message that says where it was needed.</summary>
    public BlockNotFoundException(Cid cid, string message)
        : base(message)
    {
        Cid = cid;
    }

    /// <summary>The missing block.</summary>
    public Cid Cid { get; }
}
