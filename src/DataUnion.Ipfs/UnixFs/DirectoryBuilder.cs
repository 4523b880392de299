using System.Text;
using DataUnion.Core.Content;

namespace DataUnion.Ipfs.UnixFs;

/// <summary>
/// A UnixFS directory: a plain one, links sorted by the bytes of their UTF-8 names as go-unixfs
/// sorts them, or, once it is over <see cref="Sharding"/>'s threshold, a HAMT-sharded one, as kubo
/// writes it. Names are single path segments; anything that could escape the directory when the
/// tree is written to disk is refused.
/// </summary>
public sealed class DirectoryBuilder
{
    private readonly SortedDictionary<string, DagLink> _entries = new(Utf8Comparer.Instance);

    /// <summary>Entries added so far.</summary>
    public int Count => _entries.Count;

    /// <summary>When the directory is written as a HAMT; default kubo's (256 KiB of link names and CIDs).</summary>
    public DirectorySharding Sharding { get; init; } = DirectorySharding.KuboDefault;

    /// <summary>Adds an entry; throws when <paramref name="name"/> is not a safe, unique path segment.</summary>
    public DirectoryBuilder Add(string name, DagLink link)
    {
        ValidateName(name);
        if (!_entries.TryAdd(name, link))
        {
            throw new ArgumentException($"the directory already has an entry named '{name}'", nameof(name));
        }

        return this;
    }

    /// <summary>Encodes the directory node, sends it to <paramref name="sink"/> and returns its link.</summary>
    public async Task<DagLink> BuildAsync(int cidVersion, IBlockSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var links = _entries.Values.ToArray();
        var names = _entries.Keys.ToArray();
        if (Sharding.ThresholdBytes > 0 && !Sharding.WholeBlock && LinkBytes(links, names) > Sharding.ThresholdBytes)
        {
            return await HamtShardBuilder.BuildAsync([.. _entries], cidVersion, sink, cancellationToken).ConfigureAwait(false);
        }

        var block = DagPb.EncodeNode(links, names, UnixFsData.Directory());
        if (Sharding.ThresholdBytes > 0 && Sharding.WholeBlock && block.Length > Sharding.ThresholdBytes)
        {
            return await HamtShardBuilder.BuildAsync([.. _entries], cidVersion, sink, cancellationToken).ConfigureAwait(false);
        }

        return await PutAsync(block, links, cidVersion, sink, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores a directory or shard node's <paramref name="block"/> and returns its link: Tsize is the block and everything it links.</summary>
    internal static async Task<DagLink> PutAsync(byte[] block, IEnumerable<DagLink> links, int cidVersion, IBlockSink sink, CancellationToken cancellationToken)
    {
        var hash = Multihash.Sha256(block);
        var cid = cidVersion == 0 ? Cid.V0(hash) : Cid.V1(Multicodec.DagPb, hash);
        await sink.PutAsync(cid, block, cancellationToken).ConfigureAwait(false);
        var total = (ulong)block.Length;
        foreach (var link in links)
        {
            total += link.TotalSize;
        }

        return new DagLink(cid, 0, total);
    }

    private static long LinkBytes(DagLink[] links, string[] names)
    {
        long size = 0;
        for (var i = 0; i < links.Length; i++)
        {
            size += Encoding.UTF8.GetByteCount(names[i]) + links[i].Cid.Bytes.Length;
        }

        return size;
    }

    /// <summary>Throws when <paramref name="name"/> is empty, <c>.</c>, <c>..</c>, or holds a slash or NUL.</summary>
    public static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a valid directory entry name: it must be one path segment, not '.' or '..', without '/', '\\' or NUL", nameof(name));
        }
    }

    private sealed class Utf8Comparer : IComparer<string>
    {
        public static readonly Utf8Comparer Instance = new();

        public int Compare(string? x, string? y) =>
            Encoding.UTF8.GetBytes(x ?? string.Empty).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y ?? string.Empty));
    }
}
