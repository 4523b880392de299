using DataUnion.Core.Content;

namespace DataUnion.Ipfs.Blocks;

/// <summary>
/// Content-addressed block storage. Blocks are keyed by multihash, so a CIDv0 and a CIDv1 of the
/// same bytes are one block. Every read is checked against its multihash; a damaged block is
/// reported, never served. Implementations are safe for concurrent readers and writers.
/// </summary>
public interface IBlockStore : IDisposable
{
    /// <summary>Largest block accepted, in bytes (2 MiB, the limit IPFS peers use for foreign blocks).</summary>
    public const int MaxBlockSize = 2 * 1024 * 1024;

    /// <summary>Absolute path of the store.</summary>
    string RootPath { get; }

    /// <summary>The on-disk layout.</summary>
    BlockStoreLayout Layout { get; }

    /// <summary>
    /// Stores <paramref name="block"/> under <paramref name="cid"/> after checking that it hashes to
    /// it and is at most <see cref="MaxBlockSize"/> bytes. Identity CIDs hold their data inline
    /// and are not written.
    /// </summary>
    /// <param name="cid">The block's CID.</param>
    /// <param name="block">The block's bytes.</param>
    /// <param name="batch">
    /// Defers durability to <see cref="IBlockWriteBatch.Commit"/> (the block becomes visible then);
    /// null makes it durable and visible before returning.
    /// </param>
    /// <returns>True when the block was new.</returns>
    bool Put(Cid cid, ReadOnlySpan<byte> block, IBlockWriteBatch? batch = null);

    /// <summary>
    /// The block's bytes, or null when the store does not have it. Throws
    /// <see cref="BlockStoreException"/> when the stored bytes no longer match the CID.
    /// </summary>
    byte[]? Get(Cid cid);

    /// <summary>True when the store has the block (identity CIDs always).</summary>
    bool Has(Cid cid);

    /// <summary>The stored size in bytes, or null when absent.</summary>
    long? GetSize(Cid cid);

    /// <summary>Deletes the block with <paramref name="hash"/>; true when it existed.</summary>
    bool Delete(Multihash hash);

    /// <summary>The multihashes of every stored block, in no particular order.</summary>
    IEnumerable<Multihash> Enumerate();

    /// <summary>Starts a group of writes made durable together, at commit.</summary>
    IBlockWriteBatch BeginBatch();

    /// <summary>
    /// Reclaims the space of deleted blocks and of writes a crash interrupted. Call only while
    /// nothing writes (garbage collection holds the exclusive lock).
    /// </summary>
    /// <returns>Bytes given back to the filesystem.</returns>
    long Compact();

    /// <summary>
    /// Checks every stored block against its multihash and removes what interrupted writes left.
    /// Damaged blocks are reported, not deleted: the operator decides.
    /// </summary>
    BlockStoreVerification Verify(CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the leftovers of writes a crash interrupted. Call only while nothing writes, as
    /// the node does at start.
    /// </summary>
    /// <returns>Leftovers removed.</returns>
    int RemoveTemporaryFiles();

    /// <summary>Writes, flushes, reads back and deletes a small probe.</summary>
    /// <returns>Null when the store is usable, else what went wrong.</returns>
    string? Probe();
}
