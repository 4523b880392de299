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
public sealed partial class FileBlockStore : IBlockStore
{
    /// <summary>The file naming a flatfs store's sharding function, as kubo writes it.</summary>
    internal const string ShardingFile = "SHARDING";

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

    /// <inheritdoc />
    public string RootPath { get; }

    /// <inheritdoc />
    public BlockStoreLayout Layout => BlockStoreLayout.Flatfs;

    /// <inheritdoc cref="IBlockStore.Put"/>
    /// <remarks>
    /// Without a batch the block is written, fsynced, renamed and its directory fsynced at once.
    /// </remarks>
    public bool Put(Cid cid, ReadOnlySpan<byte> block, IBlockWriteBatch? batch = null)
    {
        if (!BlockValidation.MustStore(cid, block))
        {
            return false;
        }

        var fileBatch = batch switch
        {
            null => null,
            BlockWriteBatch own when own.Root == RootPath => own,
            _ => throw new ArgumentException("the batch was started by another block store", nameof(batch)),
        };

        var key = BlockKey.For(cid.Hash);
        var directory = EnsureShard(BlockKey.Shard(key), syncNow: fileBatch is null);
        var path = Path.Combine(directory, key + BlockKey.Extension);
        if (File.Exists(path))
        {
            return false;
        }

        if (fileBatch is not null && !fileBatch.Reserve(path))
        {
            return false;
        }

        var temp = Path.Combine(directory, TempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
            {
                stream.Write(block);
                if (fileBatch is null)
                {
                    stream.Flush(flushToDisk: true);
                }
            }

            if (fileBatch is null)
            {
                File.Move(temp, path, overwrite: true);
                DirectorySync.Flush(directory);
            }
            else
            {
                fileBatch.AddPending(temp, path, directory);
            }
        }
        catch
        {
            DiskProbe.TryDelete(temp);
            throw;
        }

        return true;
    }

    /// <inheritdoc />
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

    /// <inheritdoc />
    public bool Has(Cid cid)
    {
        ArgumentNullException.ThrowIfNull(cid);
        return cid.Hash.Code == Multicodec.Identity || File.Exists(PathOf(cid.Hash));
    }

    /// <inheritdoc />
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

    /// <inheritdoc />
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

    /// <inheritdoc />
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
    public IBlockWriteBatch BeginBatch() => new BlockWriteBatch(RootPath);

    /// <summary>Nothing to reclaim: a deleted block's file is gone at once.</summary>
    public long Compact() => 0;

    /// <summary>Nothing to release: the store holds no open files.</summary>
    public void Dispose()
    {
    }

    /// <summary>
    /// Writes, flushes, reads back and deletes a small probe file; fails when the directory has
    /// gone, is read-only or the disk is full.
    /// </summary>
    /// <returns>Null when the store is usable, else what went wrong.</returns>
    public string? Probe() => DiskProbe.Check(RootPath, Path.Combine(RootPath, $"{TempPrefix}probe-{Guid.NewGuid():N}"));

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
}
