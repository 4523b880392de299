using System.Buffers.Binary;
using System.Collections.Concurrent;
using DataUnion.Core.Content;
using DataUnion.Storage;
using LiteDB;

namespace DataUnion.Ipfs.Blocks;

/// <summary>
/// Blocks appended to pack files (<c>packs/00000001.pack</c>, …) and found through an index
/// (multihash → pack, offset, length) kept in memory and persisted in LiteDB (<c>index.db</c>),
/// so lookups never touch the database. An add appends all its blocks to
/// the active pack, fsyncs it once and then commits their index entries in one transaction, so a
/// crash leaves each block indexed and whole, or unindexed: bytes a crash left without an index
/// entry are never served and are reclaimed by <see cref="Compact"/>. Blocks are keyed by
/// multihash, and every read is checked against it.
/// </summary>
/// <remarks>
/// A record is: the multihash length (u16 LE), the multihash, the block length (u32 LE) and the
/// block, so a pack can be read (and the index rebuilt) without the index. A pack grows to about
/// <see cref="DefaultPackSize"/> and then a new one starts; packs are never rewritten in place.
/// </remarks>
public sealed partial class PackedBlockStore : IBlockStore
{
    /// <summary>Size at which the active pack is closed and a new one started.</summary>
    public const long DefaultPackSize = 256L * 1024 * 1024;

    /// <summary>The file naming a packed store, and its layout version.</summary>
    internal const string LayoutFile = "LAYOUT";

    private const string LayoutSpec = "dataunion/packed/v1";
    private const string PacksFolder = "packs";
    private const string IndexFile = "index.db";
    private const string BlocksCollection = "blocks";
    private const string ProbePrefix = ".probe-";

    private static readonly LiteDbSchema IndexSchema = new("the block index", 1);

    private readonly LiteDatabase _index;
    private readonly ILiteCollection<BsonDocument> _blocks;
    private readonly ConcurrentDictionary<Multihash, IndexEntry> _entries = new();
    private readonly Lock _indexLock = new();
    private readonly Dictionary<int, PackFile> _open = [];
    private readonly Lock _packsLock = new();
    private readonly long _packSizeLimit;
    private PackFile? _active;
    private int _lastPackNumber;
    private bool _disposed;

    /// <summary>Opens the store at <paramref name="root"/>, creating it when missing.</summary>
    /// <param name="root">The store's folder.</param>
    /// <param name="packSizeLimit">Size at which a new pack is started (tests use small ones).</param>
    public PackedBlockStore(string root, long packSizeLimit = DefaultPackSize)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentOutOfRangeException.ThrowIfLessThan(packSizeLimit, 4096);
        RootPath = Path.GetFullPath(root);
        _packSizeLimit = packSizeLimit;
        Directory.CreateDirectory(RootPath);
        if (File.Exists(Path.Combine(RootPath, FileBlockStore.ShardingFile)))
        {
            throw new BlockStoreException($"the block store '{RootPath}' is in the flatfs layout; open it as flatfs");
        }

        var layout = Path.Combine(RootPath, LayoutFile);
        if (!File.Exists(layout))
        {
            File.WriteAllText(layout, LayoutSpec + "\n");
            DirectorySync.Flush(RootPath);
        }
        else if (File.ReadAllText(layout).Trim() is var spec && spec != LayoutSpec)
        {
            throw new BlockStoreException($"the block store '{RootPath}' has layout '{spec}'; this node reads '{LayoutSpec}'");
        }

        PacksPath = Path.Combine(RootPath, PacksFolder);
        Directory.CreateDirectory(PacksPath);
        foreach (var file in Directory.EnumerateFiles(PacksPath))
        {
            if (PackFile.TryParseNumber(Path.GetFileName(file), out var number))
            {
                _lastPackNumber = Math.Max(_lastPackNumber, number);
            }
        }

        var indexPath = Path.Combine(RootPath, IndexFile);
        try
        {
            (_index, _) = LiteDbFile.Open(indexPath, IndexSchema, TimeProvider.System);
        }
        catch (StorageException ex)
        {
            throw new BlockStoreException($"cannot open the block index: {ex.Message}", ex);
        }

        try
        {
            _blocks = _index.GetCollection(BlocksCollection);
            foreach (var document in _blocks.FindAll())
            {
                var key = document["_id"].AsString;
                if (!BlockKey.TryParseKey(key, out var hash))
                {
                    throw new BlockStoreException($"the index has an entry '{key}' that is not a multihash key");
                }

                _entries[hash!] = new IndexEntry(document["p"].AsInt32, document["o"].AsInt64, document["n"].AsInt32);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _index.Dispose();
            throw ex as BlockStoreException ?? new BlockStoreException($"cannot read the block index '{indexPath}' (damaged or not readable): {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public string RootPath { get; }

    /// <summary>The folder of the pack files.</summary>
    public string PacksPath { get; }

    /// <inheritdoc />
    public BlockStoreLayout Layout => BlockStoreLayout.Packed;

    /// <inheritdoc />
    public bool Put(Cid cid, ReadOnlySpan<byte> block, IBlockWriteBatch? batch = null)
    {
        if (!BlockValidation.MustStore(cid, block))
        {
            return false;
        }

        var packBatch = batch switch
        {
            null => null,
            PackWriteBatch own when own.Store == this => own,
            _ => throw new ArgumentException("the batch was started by another block store", nameof(batch)),
        };

        var hash = cid.Hash;
        if (_entries.ContainsKey(hash) || (packBatch is not null && !packBatch.Reserve(hash)))
        {
            return false;
        }

        var location = Append(hash, block);
        if (packBatch is null)
        {
            CommitLocations([(hash, location)]);
        }
        else
        {
            packBatch.Add(hash, location);
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

        var entry = Lookup(cid.Hash);
        while (entry is { } current)
        {
            var bytes = TryRead(current, out var problem);
            if (bytes is not null && cid.Hash.Matches(bytes))
            {
                return bytes;
            }

            // Compaction may have moved the block (and closed or deleted its old pack) between
            // the lookup and the read: look again, and report damage only where it still is.
            entry = Lookup(cid.Hash);
            if (entry == current)
            {
                throw new BlockStoreException($"block {cid} is damaged on disk (pack {PackFile.FileName(current.Pack)} at offset {current.Offset}: {problem ?? "the bytes no longer hash to it"}); it is not served");
            }
        }

        return null;
    }

    /// <inheritdoc />
    public bool Has(Cid cid)
    {
        ArgumentNullException.ThrowIfNull(cid);
        return cid.Hash.Code == Multicodec.Identity || _entries.ContainsKey(cid.Hash);
    }

    /// <inheritdoc />
    public long? GetSize(Cid cid)
    {
        ArgumentNullException.ThrowIfNull(cid);
        if (cid.Hash.Code == Multicodec.Identity)
        {
            return cid.Hash.Digest.Length;
        }

        return Lookup(cid.Hash)?.Length;
    }

    /// <inheritdoc />
    public bool Delete(Multihash hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        lock (_indexLock)
        {
            var deleted = _blocks.Delete(BlockKey.For(hash));
            return _entries.TryRemove(hash, out _) || deleted;
        }
    }

    /// <inheritdoc />
    public IEnumerable<Multihash> Enumerate() => _entries.Keys;

    /// <inheritdoc />
    public IBlockWriteBatch BeginBatch() => new PackWriteBatch(this);

    /// <inheritdoc />
    public int RemoveTemporaryFiles() => RemoveProbeFiles();

    /// <inheritdoc />
    public string? Probe()
    {
        if (DiskProbe.Check(RootPath, Path.Combine(RootPath, $"{ProbePrefix}{Guid.NewGuid():N}")) is { } problem)
        {
            return problem;
        }

        try
        {
            _blocks.FindById("probe");
            return null;
        }
        catch (LiteException ex)
        {
            return $"the block index of '{RootPath}' is not readable: {ex.Message}";
        }
    }

    /// <summary>Checkpoints the index and closes the pack files.</summary>
    public void Dispose()
    {
        lock (_packsLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var pack in _open.Values)
            {
                pack.Dispose();
            }

            _open.Clear();
            _active = null;
        }

        _index.Dispose();
    }

    /// <summary>
    /// Makes the appended bytes durable, then indexes them in one transaction. Blocks another
    /// batch indexed meanwhile keep their first location (the second copy is dead space);
    /// <paramref name="move"/> replaces locations (compaction).
    /// </summary>
    internal void CommitLocations(IReadOnlyCollection<(Multihash Hash, PackLocation Location)> entries, bool move = false)
    {
        if (entries.Count == 0)
        {
            return;
        }

        foreach (var pack in entries.Select(e => e.Location.Pack).Distinct())
        {
            RandomAccess.FlushToDisk(pack.Handle);
        }

        lock (_indexLock)
        {
            var indexed = move ? entries : [.. entries.Where(e => !_entries.ContainsKey(e.Hash))];
            var documents = indexed.Select(e => new BsonDocument
            {
                ["_id"] = BlockKey.For(e.Hash),
                ["p"] = e.Location.Pack.Number,
                ["o"] = e.Location.Offset,
                ["n"] = e.Location.Length,
            });
            if (move)
            {
                _blocks.Upsert(documents);
            }
            else
            {
                _blocks.InsertBulk(documents);
            }

            foreach (var (hash, location) in indexed)
            {
                _entries[hash] = new IndexEntry(location.Pack.Number, location.Offset, location.Length);
            }
        }
    }

    /// <summary>Appends one record to the active pack and returns where its block bytes are.</summary>
    private PackLocation Append(Multihash hash, ReadOnlySpan<byte> block)
    {
        var multihash = hash.Bytes;
        var headerLength = RecordHeaderLength(multihash.Length);
        PackFile pack;
        long offset;
        lock (_packsLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_active is null || (_active.Length + headerLength + block.Length > _packSizeLimit && _active.Length > PackFile.Magic.Length))
            {
                _active = CreatePack();
            }

            pack = _active;
            offset = pack.Length;
            pack.Length += headerLength + block.Length;
        }

        Span<byte> header = stackalloc byte[headerLength];
        BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)multihash.Length);
        multihash.CopyTo(header[2..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[(2 + multihash.Length)..], (uint)block.Length);
        RandomAccess.Write(pack.Handle, header, offset);
        RandomAccess.Write(pack.Handle, block, offset + headerLength);
        return new PackLocation(pack, offset + headerLength, block.Length);
    }

    /// <summary>Starts the next pack; its existence is durable before any index entry points into it.</summary>
    private PackFile CreatePack()
    {
        var number = ++_lastPackNumber;
        var path = Path.Combine(PacksPath, PackFile.FileName(number));
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        var pack = new PackFile(number, path, handle) { Length = PackFile.Magic.Length };
        try
        {
            RandomAccess.Write(handle, PackFile.Magic, 0);
            RandomAccess.FlushToDisk(handle);
            DirectorySync.Flush(PacksPath);
        }
        catch
        {
            pack.Dispose();
            throw;
        }

        _open[number] = pack;
        return pack;
    }

    private static int RecordHeaderLength(int multihashLength) => 2 + multihashLength + 4;

    private IndexEntry? Lookup(Multihash hash) => _entries.TryGetValue(hash, out var entry) ? entry : null;

    /// <summary>Reads an entry's bytes; null (and why) when its pack is gone or too short.</summary>
    private byte[]? TryRead(IndexEntry entry, out string? problem)
    {
        problem = null;
        try
        {
            var bytes = OpenPack(entry.Pack)?.Read(entry.Offset, entry.Length);
            if (bytes is null)
            {
                problem = File.Exists(Path.Combine(PacksPath, PackFile.FileName(entry.Pack))) ? "the pack ends before the block does" : "the pack file is missing";
            }

            return bytes;
        }
        catch (ObjectDisposedException)
        {
            problem = "the pack was closed while reading";
            return null;
        }
    }

    private PackFile? OpenPack(int number)
    {
        lock (_packsLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_open.TryGetValue(number, out var pack))
            {
                return pack;
            }

            var path = Path.Combine(PacksPath, PackFile.FileName(number));
            try
            {
                var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                pack = new PackFile(number, path, handle) { Length = RandomAccess.GetLength(handle) };
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                return null;
            }

            _open[number] = pack;
            return pack;
        }
    }

    private int RemoveProbeFiles()
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(RootPath, ProbePrefix + "*"))
        {
            DiskProbe.TryDelete(file);
            removed++;
        }

        return removed;
    }

    /// <summary>An index entry: the pack number, the offset of the block's bytes and their length.</summary>
    private readonly record struct IndexEntry(int Pack, long Offset, int Length);
}
