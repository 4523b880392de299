using DataUnion.Core.Content;

namespace DataUnion.Ipfs.UnixFs;

/// <summary>A built DAG node as its parent sees it.</summary>
/// <param name="Cid">The node's CID.</param>
/// <param name="FileSize">Bytes of file content below the node (0 for directories).</param>
/// <param name="TotalSize">Tsize: encoded size of the node and everything below it.</param>
public readonly record struct DagLink(Cid Cid, ulong FileSize, ulong TotalSize);
