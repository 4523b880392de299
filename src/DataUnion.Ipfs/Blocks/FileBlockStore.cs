using System.Collections.Concurrent;
using DataUnion.Core.Content;

namespace DataUnion.Ipfs.Blocks;

/// <summary>
/// Blocks as files in kubo's flatfs layout (see <see cref="BlockKey"/>). A write goes to a temp
/// file, is fsynced, renamed into place and its directory fsynced, so a crash leaves each block
/// whole or absent. Every read is checked against its multihash; a damaged block is reported,
/// never served. Safe for concurrent readers and writers: a rename is atomic, and two writers of
/// one block write the same bytes.
/// </summary>
public sealed partial class FileBlockStore
{
    /// <summary>Largest block accepted, in bytes (2 MiB, the limit IPFS peers use for foreign blocks).</summary>
    public const int MaxBlockSize = 2 * 1024 * 1024;

    private const string ShardingFile = "SHARDING";
    private const string TempPrefix = ".tmp-";
    private readonly ConcurrentDictionary<string, bool> _shards = new(StringComparer.Ordinal);

    /// <summary>Opens the store at <paramref name="root"/>, creating it when missing.</summary>
    public FileBlockStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        RootPath = Path.GetFullPath(root);
        Directory.CreateDirectory(RootPath);
        var sharding = Path.Combine(RootPath, ShardingFile);
        if (!File.Exists(sharding))
        {
            File.WriteAllText(sharding, BlockKey.ShardingSpec + "\n");
        }
        else if (File.ReadAllText(sharding).Trim() != BlockKey.ShardingSpec)
        {
            throw new BlockStoreException($"the block store '{RootPath}' uses sharding '{File.ReadAllText(sharding).Trim()}'; this node reads '{BlockKey.ShardingSpec}'");
        }
    }

    /// <summary>Absolute path of the store.</summary>
    public string RootPath { get; }

    /// <summary>
    /// Stores <paramref name="block"/> under <paramref name="cid"/> after checking that it hashes to
    /// it and is at most <see cref="MaxBlockSize"/> bytes. Identity CIDs hold their data inline
    /// and are not written.
    /// </summary>
    /// <param name="cid">The block's CID.</param>
    /// <param name="block">The block's bytes.</param>
    /// <param name="batch">
    /// Defers durability to <see cref="BlockWriteBatch.Commit"/> (the block becomes visible then);
    /// null writes, fsyncs and renames it now.
    /// </param>
    /// <returns>True when the block was new.</returns>
    public bool Put(Cid cid, ReadOnlySpan<byte> block, BlockWriteBatch? batch = null)
    {
        ArgumentNullException.ThrowIfNull(cid);
        if (block.Length > MaxBlockSize)
        {
            throw new BlockStoreException($"block {cid} is {block.Length} bytes; blocks over {MaxBlockSize} bytes (2 MiB) are refused");
        }

        if (!cid.Hash.Matches(block))
        {
            throw new BlockStoreException($"the bytes given for block {cid} do not hash to it; nothing was stored");
        }

        if (cid.Hash.Code == Multicodec.Identity)
        {
            return false;
        }

        var key = BlockKey.For(cid.Hash);
        var directory = EnsureShard(BlockKey.Shard(key), syncNow: batch is null);
        var path = Path.Combine(directory, key + BlockKey.Extension);
        if (File.Exists(path))
        {
            return false;
        }

        if (batch is not null && !batch.Reserve(path))
        {
            return false;
        }

        var temp = Path.Combine(directory, TempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
            {
                stream.Write(block);
                if (batch is null)
                {
                    stream.Flush(flushToDisk: true);
                }
            }

            if (batch is null)
            {
                File.Move(temp, path, overwrite: true);
                DirectorySync.Flush(directory);
            }
            else
            {
                batch.AddPending(temp, path, directory);
            }
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        return true;
    }

    /// <summary>
    /// The block's bytes, or null when the store does not have it. Throws
    /// <see cref="BlockStoreException"/> when the stored bytes no longer match the CID.
    /// </summary>
    public byte[]? Get(Cid cid)
    {
        ArgumentNullException.ThrowIfNull(cid);
        if (cid.Hash.Code == Multicodec.Identity)
        {
            return cid.Hash.Digest.ToArray();
        }

        var path = PathOf(cid.Hash);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        if (!cid.Hash.Matches(bytes))
        {
            throw new BlockStoreException($"block {cid} is damaged on disk ('{path}' no longer hashes to it); it is not served");
        }

        return bytes;
    }

    /// <summary>True when the store has the block (identity CIDs always).</summary>
    public bool Has(Cid cid)
    {
        ArgumentNullException.ThrowIfNull(cid);
        return cid.Hash.Code == Multicodec.Identity || File.Exists(PathOf(cid.Hash));
    }

    /// <summary>The stored size in bytes, or null when absent.</summary>
    public long? GetSize(Cid cid)
    {
        ArgumentNullException.ThrowIfNull(cid);
        if (cid.Hash.Code == Multicodec.Identity)
        {
            return cid.Hash.Digest.Length;
        }

        var info = new FileInfo(PathOf(cid.Hash));
        return info.Exists ? info.Length : null;
    }

    /// <summary>Deletes the block with <paramref name="hash"/>; true when it existed.</summary>
    public bool Delete(Multihash hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var path = PathOf(hash);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>The multihashes of every stored block, in no particular order.</summary>
    public IEnumerable<Multihash> Enumerate()
    {
        foreach (var shard in Directory.EnumerateDirectories(RootPath))
        {
            foreach (var file in Directory.EnumerateFiles(shard, "*" + BlockKey.Extension))
            {
                if (BlockKey.TryParse(Path.GetFileName(file), out var hash))
                {
                    yield return hash!;
                }
            }
        }
    }

    /// <summary>Starts a group of writes whose directory syncs happen once, at commit.</summary>
    public BlockWriteBatch BeginBatch() => new(RootPath);

    /// <summary>
    /// Writes, flushes, reads back and deletes a small probe file; fails when the directory has
    /// gone, is read-only or the disk is full.
    /// </summary>
    /// <returns>Null when the store is usable, else what went wrong.</returns>
    public string? Probe()
    {
        var probe = Path.Combine(RootPath, $"{TempPrefix}probe-{Guid.NewGuid():N}");
        byte[] expected = [0x44, 0x55, 0x4e];
        try
        {
            using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(expected);
                stream.Flush(flushToDisk: true);
            }

            return File.ReadAllBytes(probe).AsSpan().SequenceEqual(expected) ? null : $"the probe file in '{RootPath}' read back different bytes";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"the block store '{RootPath}' is not writable: {ex.Message}";
        }
        finally
        {
            TryDelete(probe);
        }
    }

    private string PathOf(Multihash hash)
    {
        var key = BlockKey.For(hash);
        return Path.Combine(RootPath, BlockKey.Shard(key), key + BlockKey.Extension);
    }

    private string EnsureShard(string shard, bool syncNow)
    {
        var directory = Path.Combine(RootPath, shard);
        if (_shards.ContainsKey(shard))
        {
            return directory;
        }

        Directory.CreateDirectory(directory);

        // A batch's commit syncs the whole filesystem, new directories included. A fresh store
        // creates up to 1024 shards, and an fsync of the root for each was most of its first
        // ingest. Only a root fsync marks a shard as known, for the writes that sync at once.
        if (syncNow)
        {
            DirectorySync.Flush(RootPath);
            _shards[shard] = true;
        }

        return directory;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Leftover temp files are removed by Verify.
        }
    }
}
