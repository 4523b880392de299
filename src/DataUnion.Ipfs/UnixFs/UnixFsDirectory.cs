using System.Text;
using DataUnion.Core.Content;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Dag;

namespace DataUnion.Ipfs.UnixFs;

/// <summary>
/// Reads UnixFS directories, plain or HAMT-sharded, alike: one entry by name (a HAMT is walked
/// down by the name's hash, one block per level), or every entry in order.
/// </summary>
public static class UnixFsDirectory
{
    /// <summary>The name hash of the HAMT shards this node reads and writes: murmur3-x64-64 (multicodec 0x22).</summary>
    public const ulong HamtHashType = HamtShardBuilder.HashType;

    /// <summary>The slots of each HAMT shard.</summary>
    public const int HamtFanout = HamtShardBuilder.Fanout;

    /// <summary>True when <paramref name="node"/> is a directory of either kind.</summary>
    public static bool IsDirectory(UnixFsNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Kind is UnixFsKind.Directory or UnixFsKind.HamtShard;
    }

    /// <summary>The entry named <paramref name="name"/> of the directory <paramref name="node"/> (the block of <paramref name="cid"/>), or null.</summary>
    /// <exception cref="DagFormatException">A shard is malformed, or uses a hash or fanout other than kubo's.</exception>
    /// <exception cref="BlockNotFoundException">A shard on the way is not in the store.</exception>
    public static DagPbLink? Find(IBlockStore store, Cid cid, UnixFsNode node, string name)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(name);
        if (node.Kind == UnixFsKind.Directory)
        {
            return node.Links.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.Ordinal));
        }

        var hash = Murmur3.Hash64(Encoding.UTF8.GetBytes(name));
        for (var depth = 0; ; depth++)
        {
            CheckShard(cid, node);
            if (depth >= 8)
            {
                throw new DagFormatException($"{cid}: HAMT shards nest deeper than the 64-bit name hash");
            }

            var prefix = ((hash >> (56 - (8 * depth))) & 0xFF).ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
            var link = node.Links.FirstOrDefault(l => l.Name.StartsWith(prefix, StringComparison.Ordinal));
            if (link is null)
            {
                return null;
            }

            if (link.Name.Length > 2)
            {
                return string.Equals(link.Name[2..], name, StringComparison.Ordinal) ? link with { Name = name } : null;
            }

            (cid, node) = (link.Cid, UnixFsFileReader.Load(store, link.Cid));
            if (node.Kind != UnixFsKind.HamtShard)
            {
                throw new DagFormatException($"{cid} is linked as a HAMT shard but is not one");
            }
        }
    }

    /// <summary>Every entry of the directory, with its own name (HAMT prefixes taken off), shard by shard in slot order.</summary>
    public static IEnumerable<DagPbLink> Entries(IBlockStore store, Cid cid, UnixFsNode node)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(node);
        if (node.Kind == UnixFsKind.Directory)
        {
            foreach (var link in node.Links)
            {
                yield return link;
            }

            yield break;
        }

        CheckShard(cid, node);
        foreach (var link in node.Links)
        {
            if (link.Name.Length < 2)
            {
                throw new DagFormatException($"{cid}: a HAMT link is named '{link.Name}', shorter than its slot");
            }

            if (link.Name.Length > 2)
            {
                yield return link with { Name = link.Name[2..] };
                continue;
            }

            var child = UnixFsFileReader.Load(store, link.Cid);
            if (child.Kind != UnixFsKind.HamtShard)
            {
                throw new DagFormatException($"{link.Cid} is linked as a HAMT shard but is not one");
            }

            foreach (var entry in Entries(store, link.Cid, child))
            {
                yield return entry;
            }
        }
    }

    private static void CheckShard(Cid cid, UnixFsNode node)
    {
        if (node.HashType != HamtShardBuilder.HashType || node.Fanout != HamtShardBuilder.Fanout)
        {
            throw new DagFormatException($"{cid}: a HAMT shard with hash 0x{node.HashType:x} and fanout {node.Fanout}; only murmur3-x64-64 (0x22) with 256 slots is read");
        }
    }
}
