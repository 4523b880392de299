using DataUnion.Core.Content;

namespace DataUnion.Ipfs.Dag;

/// <summary>The children of a block, by its codec. Codecs whose links this node cannot read are refused.</summary>
public static class DagLinks
{
    /// <summary>Links of <paramref name="block"/>, the bytes of <paramref name="cid"/>, in order.</summary>
    public static IReadOnlyList<Cid> Of(Cid cid, ReadOnlySpan<byte> block)
    {
        ArgumentNullException.ThrowIfNull(cid);
        return cid.Codec switch
        {
            Multicodec.Raw => [],
            Multicodec.DagPb => DagPbNode.Decode(block).Links.Select(l => l.Cid).ToArray(),
            _ => throw new DagFormatException(
                $"{cid} uses codec {Multicodec.NameOf(cid.Codec)}, whose links this node cannot follow; only dag-pb and raw DAGs can be pinned recursively or exported"),
        };
    }
}
