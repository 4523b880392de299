namespace DataUnion.Core.Content;

/// <summary>Multicodec codes this node uses (from the multicodec table).</summary>
public static class Multicodec
{
    /// <summary>Identity multihash: the "digest" is the data itself.</summary>
    public const ulong Identity = 0x00;

    /// <summary>SHA2-256 multihash.</summary>
    public const ulong Sha2_256 = 0x12;

    /// <summary>Raw binary IPLD codec.</summary>
    public const ulong Raw = 0x55;

    /// <summary>MerkleDAG protobuf (UnixFS nodes).</summary>
    public const ulong DagPb = 0x70;

    /// <summary>MerkleDAG CBOR (CAR headers).</summary>
    public const ulong DagCbor = 0x71;

    /// <summary>A readable name for <paramref name="code"/>, for messages.</summary>
    public static string NameOf(ulong code) => code switch
    {
        Identity => "identity",
        Sha2_256 => "sha2-256",
        Raw => "raw",
        DagPb => "dag-pb",
        DagCbor => "dag-cbor",
        _ => $"0x{code:x}",
    };
}
