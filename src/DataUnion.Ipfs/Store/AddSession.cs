using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.UnixFs;

namespace DataUnion.Ipfs.Store;

/// <summary>
/// One add of one or many entries. It holds the shared GC lock from its first block until it is
/// disposed, after its pins are recorded, so garbage collection never sees its unpinned blocks.
/// Disposing makes every block durable (one directory sync per shard).
/// </summary>
public sealed class AddSession : IAsyncDisposable
{
    private readonly IpfsStore _store;
    private readonly IDisposable _lock;
    private readonly IBlockWriteBatch _batch;
    private readonly IBlockSink _sink;
    private readonly bool _onlyHash;
    private bool _disposed;

    internal AddSession(IpfsStore store, IDisposable gcLock, bool onlyHash)
    {
        _store = store;
        _lock = gcLock;
        _onlyHash = onlyHash;
        _batch = store.Blocks.BeginBatch();
        _sink = onlyHash ? DiscardingBlockSink.Instance : new BlockStoreSink(store.Blocks, _batch);
    }

    /// <summary>Imports one file.</summary>
    public Task<DagLink> AddFileAsync(Stream content, ImportOptions options, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return UnixFsImporter.ImportFileAsync(content, options, _sink, cancellationToken);
    }

    /// <summary>Writes a directory node over entries added in this session.</summary>
    public Task<DagLink> AddDirectoryAsync(DirectoryBuilder directory, int cidVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return directory.BuildAsync(cidVersion, _sink, cancellationToken);
    }

    /// <summary>
    /// Makes the blocks added so far durable and visible now, so that a later <see cref="Pin"/>
    /// under the caller's own lock records the pin without waiting for the disk.
    /// </summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _batch.Commit();
    }

    /// <summary>Pins <paramref name="root"/> recursively for <paramref name="owner"/> once its blocks are durable (no-op for only-hash sessions).</summary>
    public void Pin(Cid root, PinOwner owner, string? name = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_onlyHash)
        {
            return;
        }

        _batch.Commit();
        _store.RecordPin(root, owner, name);
    }

    /// <summary>Makes the blocks durable and releases the GC lock.</summary>
    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }

        _disposed = true;
        try
        {
            _batch.Commit();
        }
        finally
        {
            _lock.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
