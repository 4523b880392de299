using DataUnion.Core.Content;
using DataUnion.Ipfs.UnixFs;
using Microsoft.Win32.SafeHandles;

namespace DataUnion.Cli;

/// <summary>
/// Writes a UnixFS tree to disk straight from a CAR's verified blocks, in the order they come:
/// each block is placed where the blocks before it said it belongs (a directory's entries, a
/// file's chunks at their offsets from the block sizes), so nothing is kept or read back but the
/// small directory and file nodes. A block that arrives before what links it, or a block linked
/// twice (a CAR sends each block once), is placed from what was already received. A block the tree
/// does not link is refused; a block the tree links but the CAR lacks is named by <see cref="Finish"/>.
/// </summary>
internal sealed class StreamingTree : IDisposable
{
    private readonly string _root;
    private readonly Dictionary<Multihash, List<Target>> _wanted = [];
    private readonly Dictionary<Multihash, byte[]> _nodes = [];
    private readonly Dictionary<Multihash, (string Path, long Offset, int Length)> _data = [];
    private readonly Dictionary<string, SafeFileHandle> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _pending = new(StringComparer.Ordinal);

    /// <summary>Expects the tree under <paramref name="root"/>, to be written at <paramref name="path"/>.</summary>
    public StreamingTree(Cid root, string path)
    {
        _root = Path.GetFullPath(path);
        Want(root, new Entry(_root));
    }

    /// <summary>Files created so far.</summary>
    public int Files { get; private set; }

    /// <summary>Places one verified block.</summary>
    /// <exception cref="CliFailureException">The tree does not link it, or it is not the UnixFS its place needs.</exception>
    public void Add(Cid cid, ReadOnlySpan<byte> block)
    {
        if (!_wanted.Remove(cid.Hash, out var targets))
        {
            throw new CliFailureException($"the CAR holds a block the version's tree does not link ({cid}); nothing was written");
        }

        if (cid.Codec != Multicodec.Raw)
        {
            _nodes[cid.Hash] = block.ToArray();
        }

        foreach (var target in targets)
        {
            Place(cid, block, target);
        }
    }

    /// <summary>Checks that every block the tree links arrived, and closes the files.</summary>
    /// <exception cref="CliFailureException">A block is missing.</exception>
    public void Finish()
    {
        CloseAll();
        if (_wanted.Count > 0)
        {
            var missing = _wanted.Keys.First();
            throw new CliFailureException($"the version's CAR is incomplete: {_wanted.Count} linked block(s) never came (first {Convert.ToHexStringLower(missing.Bytes)}); nothing was written");
        }
    }

    public void Dispose() => CloseAll();

    private void Want(Cid cid, Target target)
    {
        if (target is Chunk chunk)
        {
            _pending[chunk.Path] = _pending.GetValueOrDefault(chunk.Path) + 1;
        }

        // Here already (a CAR sends a block once, however often it is linked): place it now.
        if (_nodes.TryGetValue(cid.Hash, out var node))
        {
            Place(cid, node, target);
            return;
        }

        if (_data.TryGetValue(cid.Hash, out var at))
        {
            var bytes = new byte[at.Length];
            using (var source = File.OpenHandle(at.Path))
            {
                RandomAccess.Read(source, bytes, at.Offset);
            }

            Place(cid, bytes, target);
            return;
        }

        if (!_wanted.TryGetValue(cid.Hash, out var list))
        {
            _wanted[cid.Hash] = list = [];
        }

        list.Add(target);
    }

    private void Place(Cid cid, ReadOnlySpan<byte> block, Target target)
    {
        if (cid.Codec == Multicodec.Raw)
        {
            switch (target)
            {
                case Chunk chunk:
                    Write(chunk.Path, chunk.Offset, block, cid);
                    Done(chunk.Path);
                    return;
                case Entry entry:
                    Create(entry.Path);
                    Write(entry.Path, 0, block, cid);
                    Close(entry.Path);
                    return;
                default:
                    throw Bad(cid, "a raw block where a directory shard belongs");
            }
        }

        var node = UnixFsNode.Decode(cid, block.ToArray());
        switch (target, node.Kind)
        {
            case (Entry entry, UnixFsKind.Directory):
                Directory.CreateDirectory(entry.Path);
                foreach (var link in node.Links)
                {
                    WantEntry(entry.Path, link.Name, link.Cid);
                }

                return;
            case (Entry entry, UnixFsKind.HamtShard):
                Directory.CreateDirectory(entry.Path);
                ReadShard(entry.Path, cid, node);
                return;
            case (Shard shard, UnixFsKind.HamtShard):
                ReadShard(shard.Path, cid, node);
                return;
            case (Entry entry, UnixFsKind.File or UnixFsKind.Raw):
                Create(entry.Path);
                _pending[entry.Path] = 1;
                FileNode(entry.Path, 0, cid, node);
                Done(entry.Path);
                return;
            case (Chunk chunk, UnixFsKind.File or UnixFsKind.Raw):
                FileNode(chunk.Path, chunk.Offset, cid, node);
                Done(chunk.Path);
                return;
            default:
                throw Bad(cid, $"a UnixFS {node.Kind.ToString().ToLowerInvariant()} where a {(target is Chunk ? "file chunk" : target is Shard ? "directory shard" : "file or directory")} belongs");
        }
    }

    /// <summary>A file node: its own bytes at <paramref name="offset"/>, then each child at the offset its block size gives.</summary>
    private void FileNode(string path, long offset, Cid cid, UnixFsNode node)
    {
        if (!node.Data.IsEmpty)
        {
            Write(path, offset, node.Data.Span, cid);
            offset += node.Data.Length;
        }

        if (node.Links.Count == 0)
        {
            return;
        }

        if (node.BlockSizes is not { } sizes || sizes.Count != node.Links.Count)
        {
            throw Bad(cid, "a file node whose block sizes do not match its links");
        }

        for (var i = 0; i < node.Links.Count; i++)
        {
            Want(node.Links[i].Cid, new Chunk(path, offset));
            offset += (long)sizes[i];
        }
    }

    private void ReadShard(string directory, Cid cid, UnixFsNode node)
    {
        if (node.HashType != UnixFsDirectory.HamtHashType || node.Fanout != UnixFsDirectory.HamtFanout)
        {
            throw Bad(cid, "a HAMT shard with another hash or fanout than kubo's");
        }

        foreach (var link in node.Links)
        {
            switch (link.Name.Length)
            {
                case < 2:
                    throw Bad(cid, $"a HAMT link named '{link.Name}', shorter than its slot");
                case 2:
                    Want(link.Cid, new Shard(directory));
                    break;
                default:
                    WantEntry(directory, link.Name[2..], link.Cid);
                    break;
            }
        }
    }

    private void WantEntry(string directory, string name, Cid cid)
    {
        DirectoryBuilder.ValidateName(name);
        var child = Path.GetFullPath(Path.Combine(directory, name));
        if (!child.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new CliFailureException($"the entry '{name}' would be written outside the download directory; refused");
        }

        Want(cid, new Entry(child));
    }

    private void Create(string path)
    {
        _files.Add(path, File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite));
        Files++;
    }

    private void Write(string path, long offset, ReadOnlySpan<byte> bytes, Cid cid)
    {
        RandomAccess.Write(_files[path], bytes, offset);
        if (cid.Codec == Multicodec.Raw)
        {
            _data.TryAdd(cid.Hash, (path, offset, bytes.Length));
        }
    }

    /// <summary>One placed part of a file; the file is closed once no part of it is awaited.</summary>
    private void Done(string path)
    {
        if (--_pending[path] == 0)
        {
            _pending.Remove(path);
            Close(path);
        }
    }

    private void Close(string path)
    {
        if (_files.Remove(path, out var handle))
        {
            handle.Dispose();
        }
    }

    private void CloseAll()
    {
        foreach (var handle in _files.Values)
        {
            handle.Dispose();
        }

        _files.Clear();
    }

    private static CliFailureException Bad(Cid cid, string what) => new($"the version's CAR is not a UnixFS tree: {cid} is {what}; nothing was written");

    private abstract record Target(string Path);

    /// <summary>A directory entry: a file or a directory, which its block says.</summary>
    private sealed record Entry(string Path) : Target(Path);

    /// <summary>A HAMT shard of the directory at <see cref="Target.Path"/>.</summary>
    private sealed record Shard(string Path) : Target(Path);

    /// <summary>Part of the file at <see cref="Target.Path"/>, from <paramref name="Offset"/>.</summary>
    private sealed record Chunk(string Path, long Offset) : Target(Path);
}
