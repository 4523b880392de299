using System.Collections.Concurrent;
using DataUnion.Core.Content;

namespace DataUnion.Ipfs.Blocks;

/// <summary>
/// The writes of one operation into a <see cref="PackedBlockStore"/>: their records are appended
/// as they come, and <see cref="Commit"/> fsyncs the packs they went to and then indexes them all
/// in one LiteDB transaction. Blocks become visible at commit.
/// </summary>
public sealed class PackWriteBatch : IBlockWriteBatch
{
    private readonly ConcurrentDictionary<Multihash, PackLocation?> _pending = new();

    internal PackWriteBatch(PackedBlockStore store) => Store = store;

    /// <inheritdoc />
    public int PendingCount => _pending.Count;

    internal PackedBlockStore Store { get; }

    /// <inheritdoc />
    public void Commit()
    {
        var entries = _pending.Where(p => p.Value is not null).Select(p => (p.Key, p.Value!.Value)).ToList();
        Store.CommitLocations(entries);
        _pending.Clear();
    }

    /// <summary>Claims <paramref name="hash"/> for this batch; false when it is already pending here.</summary>
    internal bool Reserve(Multihash hash) => _pending.TryAdd(hash, null);

    internal void Add(Multihash hash, PackLocation location) => _pending[hash] = location;
}
