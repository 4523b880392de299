using System.Text;
using DataUnion.Core.Content;

namespace DataUnion.Ipfs.UnixFs;

/// <summary>
/// Writes a UnixFS HAMT-sharded directory as go-unixfs and the JS importer do: 256 slots per
/// shard, indexed by successive bytes of the murmur3-x64-64 hash of each name (big-endian); a slot
/// holding one entry links it as <c>XX</c> + name (the slot in upper-case hex), a slot several
/// entries share links a child shard named <c>XX</c>. Links are in slot order; each shard's
/// Data carries the occupied slots as a big-endian bit field.
/// </summary>
internal static class HamtShardBuilder
{
    public const ulong HashType = 0x22;
    public const int Fanout = 256;

    public static async Task<DagLink> BuildAsync(IReadOnlyList<KeyValuePair<string, DagLink>> entries, int cidVersion, IBlockSink sink, CancellationToken cancellationToken)
    {
        var hashed = entries.Select(e => (e.Key, e.Value, Hash: Murmur3.Hash64(Encoding.UTF8.GetBytes(e.Key)))).ToList();
        return await ShardAsync(hashed, 0, cidVersion, sink, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The slot of a name's hash at <paramref name="depth"/>: its depth-th byte, most significant first.</summary>
    public static int SlotOf(string name, int depth) => SlotOf(Murmur3.Hash64(Encoding.UTF8.GetBytes(name)), depth);

    private static int SlotOf(ulong hash, int depth) =>
        depth < 8 ? (int)((hash >> (56 - (8 * depth))) & 0xFF) : throw new InvalidOperationException("two names have the same 64-bit HAMT hash; a shard cannot hold both");

    private static async Task<DagLink> ShardAsync(List<(string Name, DagLink Link, ulong Hash)> entries, int depth, int cidVersion, IBlockSink sink, CancellationToken cancellationToken)
    {
        var links = new List<DagLink>();
        var names = new List<string>();
        var bitField = new byte[Fanout / 8];
        foreach (var slot in entries.GroupBy(e => SlotOf(e.Hash, depth)).OrderBy(g => g.Key))
        {
            var prefix = slot.Key.ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
            bitField[bitField.Length - 1 - (slot.Key / 8)] |= (byte)(1 << (slot.Key % 8));
            var members = slot.ToList();
            if (members.Count == 1)
            {
                links.Add(members[0].Link);
                names.Add(prefix + members[0].Name);
            }
            else
            {
                links.Add(await ShardAsync(members, depth + 1, cidVersion, sink, cancellationToken).ConfigureAwait(false));
                names.Add(prefix);
            }
        }

        var firstSet = Array.FindIndex(bitField, b => b != 0);
        var block = DagPb.EncodeNode([.. links], [.. names], UnixFsData.HamtShard(bitField.AsSpan(Math.Max(0, Math.Min(firstSet, bitField.Length - 1))), HashType, Fanout));
        return await DirectoryBuilder.PutAsync(block, links, cidVersion, sink, cancellationToken).ConfigureAwait(false);
    }
}
