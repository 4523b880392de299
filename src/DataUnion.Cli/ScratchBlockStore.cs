using DataUnion.Core.Content;
using DataUnion.Ipfs.Blocks;

namespace DataUnion.Cli;

/// <summary>
/// Blocks already checked against their CIDs, kept only while a download is assembled: written to
/// one scratch file at their own offsets, with the index in memory. No fsync, no second hash on
/// read: nothing here outlives the command, and every block was verified on its way in. A reader
/// may run alongside the writer: <see cref="Get"/> waits for a block that has not arrived yet,
/// until <see cref="Complete"/> says no more will.
/// </summary>
internal sealed class ScratchBlockStore : IBlockStore
{
    private readonly FileStream _file;
    private readonly Dictionary<Multihash, (long Offset, int Length)> _index = [];
    private readonly object _gate = new();
    private long _end;
    private bool _complete;

    public ScratchBlockStore(string path)
    {
        RootPath = path;
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
    }

    public string RootPath { get; }

    public BlockStoreLayout Layout => BlockStoreLayout.Packed;

    public bool Put(Cid cid, ReadOnlySpan<byte> block, IBlockWriteBatch? batch = null)
    {
        ArgumentNullException.ThrowIfNull(cid);
        long offset;
        lock (_gate)
        {
            if (_index.ContainsKey(cid.Hash))
            {
                return false;
            }

            offset = _end;
            _end += block.Length;
        }

        RandomAccess.Write(_file.SafeFileHandle, block, offset);
        lock (_gate)
        {
            _index[cid.Hash] = (offset, block.Length);
            Monitor.PulseAll(_gate);
        }

        return true;
    }

    /// <summary>No more blocks will come: a reader waiting for one gets null.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _complete = true;
            Monitor.PulseAll(_gate);
        }
    }

    public byte[]? Get(Cid cid)
    {
        ArgumentNullException.ThrowIfNull(cid);
        (long Offset, int Length) at;
        lock (_gate)
        {
            while (!_index.TryGetValue(cid.Hash, out at))
            {
                if (_complete)
                {
                    return null;
                }

                Monitor.Wait(_gate);
            }
        }

        var bytes = new byte[at.Length];
        RandomAccess.Read(_file.SafeFileHandle, bytes, at.Offset);
        return bytes;
    }

    public bool Has(Cid cid)
    {
        lock (_gate)
        {
            return _index.ContainsKey(cid.Hash);
        }
    }

    public long? GetSize(Cid cid)
    {
        lock (_gate)
        {
            return _index.TryGetValue(cid.Hash, out var at) ? at.Length : null;
        }
    }

    public bool Delete(Multihash hash) => throw new NotSupportedException("a scratch store only grows");

    public IEnumerable<Multihash> Enumerate()
    {
        lock (_gate)
        {
            return [.. _index.Keys];
        }
    }

    public IBlockWriteBatch BeginBatch() => NoBatch.Instance;

    public long Compact() => 0;

    public BlockStoreVerification Verify(CancellationToken cancellationToken = default) => throw new NotSupportedException("blocks are verified as they come in");

    public int RemoveTemporaryFiles() => 0;

    public string? Probe() => null;

    public void Dispose() => _file.Dispose();

    private sealed class NoBatch : IBlockWriteBatch
    {
        public static readonly NoBatch Instance = new();

        public int PendingCount => 0;

        public void Commit()
        {
        }
    }
}
