namespace DataUnion.Ipfs.UnixFs;

/// <summary>UnixFS entry kinds this node distinguishes.</summary>
public enum UnixFsKind
{
    /// <summary>A raw block, or a UnixFS Raw node: bytes only.</summary>
    Raw,

    /// <summary>A file (possibly chunked into children).</summary>
    File,

    /// <summary>A plain directory.</summary>
    Directory,

    /// <summary>A shard of a HAMT-sharded directory (a large directory, as kubo writes it).</summary>
    HamtShard,

    /// <summary>Symlinks and metadata: not served by this node.</summary>
    Unsupported,
}
