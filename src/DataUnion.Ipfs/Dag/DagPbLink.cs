using DataUnion.Core.Content;

namespace DataUnion.Ipfs.Dag;

/// <summary>A link of a decoded dag-pb node.</summary>
/// <param name="Cid">The child.</param>
/// <param name="Name">Entry name (directories); empty in file nodes.</param>
/// <param name="TotalSize">Tsize: the child's cumulative size, when present.</param>
public sealed record DagPbLink(Cid Cid, string Name, ulong? TotalSize);
