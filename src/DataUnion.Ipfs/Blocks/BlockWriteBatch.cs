using System.Collections.Concurrent;

namespace DataUnion.Ipfs.Blocks;

/// <summary>
/// The writes of one operation (an add, a CAR import), made durable together. Blocks go to temp
/// files; <see cref="Commit"/> flushes them all with one filesystem sync, renames them into place
/// and syncs again, so each block costs a rename instead of a file fsync and a directory fsync.
/// The guarantee is the same as per-block fsyncs: a block file is renamed only once its bytes are
/// on disk, so a crash leaves each block whole or absent (temp files are removed at start).
/// Blocks become visible at commit.
/// </summary>
public sealed class BlockWriteBatch : IBlockWriteBatch
{
    private readonly string _root;
    private readonly ConcurrentDictionary<string, Pending?> _pending = new(StringComparer.Ordinal);

    internal BlockWriteBatch(string root) => _root = root;

    /// <summary>The store the batch writes to.</summary>
    internal string Root => _root;

    /// <summary>Blocks written and not yet committed.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Makes every block of the batch durable and visible.</summary>
    public void Commit()
    {
        var pending = _pending.Values.Where(p => p is not null).Select(p => p!).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        if (!DirectorySync.SyncFileSystem(_root))
        {
            // No syncfs (not Linux): flush each file the slow way.
            foreach (var item in pending)
            {
                using var file = new FileStream(item.Temp, FileMode.Open, FileAccess.ReadWrite);
                file.Flush(flushToDisk: true);
            }
        }

        foreach (var item in pending)
        {
            File.Move(item.Temp, item.Final, overwrite: true);
        }

        if (!DirectorySync.SyncFileSystem(_root))
        {
            foreach (var directory in pending.Select(p => p.Directory).Distinct(StringComparer.Ordinal))
            {
                DirectorySync.Flush(directory);
            }
        }

        _pending.Clear();
    }

    /// <summary>Claims <paramref name="finalPath"/> for this batch; false when it is already pending here.</summary>
    internal bool Reserve(string finalPath) => _pending.TryAdd(finalPath, null);

    internal void AddPending(string temp, string finalPath, string directory) => _pending[finalPath] = new Pending(temp, finalPath, directory);

    private sealed record Pending(string Temp, string Final, string Directory);
}
