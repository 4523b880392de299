using System.Collections.Concurrent;

namespace DataUnion.Ipfs.Blocks;

/// <summary>
/// Writes of one operation (an add, a CAR import) whose directory fsyncs are done once per shard
/// at <see cref="Commit"/> instead of once per block. Each block file is itself fsynced before
/// its rename, so until commit a crash can lose whole blocks, never leave a partial one.
/// </summary>
public sealed class BlockWriteBatch
{
    private readonly ConcurrentDictionary<string, bool> _directories = new(StringComparer.Ordinal);

    internal BlockWriteBatch()
    {
    }

    /// <summary>Shard directories written since the batch began.</summary>
    public int DirectoryCount => _directories.Count;

    /// <summary>Makes every rename of the batch durable.</summary>
    public void Commit()
    {
        foreach (var directory in _directories.Keys)
        {
            DirectorySync.Flush(directory);
        }

        _directories.Clear();
    }

    internal void Touch(string directory) => _directories.TryAdd(directory, true);
}
