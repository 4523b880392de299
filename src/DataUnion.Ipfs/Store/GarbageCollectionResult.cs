using DataUnion.Core.Content;

namespace DataUnion.Ipfs.Store;

/// <summary>What a garbage collection kept and removed.</summary>
/// <param name="Removed">Removed blocks, named as CIDv1 raw (the store keys by multihash only).</param>
/// <param name="Kept">Blocks still in the store.</param>
/// <param name="BytesReclaimed">Disk space given back by compacting the store after the removal.</param>
public sealed record GarbageCollectionResult(IReadOnlyList<Cid> Removed, int Kept, long BytesReclaimed);
