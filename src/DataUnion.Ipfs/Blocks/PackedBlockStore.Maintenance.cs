using DataUnion.Core.Content;

namespace DataUnion.Ipfs.Blocks;

public sealed partial class PackedBlockStore
{
    /// <summary>
    /// Gives back the space of deleted blocks and of writes a crash interrupted. The active pack
    /// is closed first (the next write starts a new one) and left for the next compaction. A pack with no indexed block left is
    /// deleted; a pack less than half live has its blocks copied, hash-checked, to the new active
    /// pack, fsynced and re-indexed before it is deleted, so a crash during compaction leaves every
    /// block in at least one place the index knows. A pack holding a damaged block is left as it
    /// is for <see cref="Verify"/> to report.
    /// </summary>
    public long Compact()
    {
        int? wasActive;
        lock (_packsLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            wasActive = _active?.Number;
            _active = null;
        }

        var live = new Dictionary<int, long>();
        foreach (var (hash, entry) in _entries)
        {
            live[entry.Pack] = live.GetValueOrDefault(entry.Pack) + RecordHeaderLength(hash.Bytes.Length) + entry.Length;
        }

        long reclaimed = 0;
        // The pack that was active is left for the next compaction: a write outside the GC lock
        // (a single block put) may have appended to it and not yet indexed its record.
        foreach (var (number, path) in PackFiles().Where(p => p.Number != wasActive))
        {
            var length = new FileInfo(path).Length;
            var liveBytes = live.GetValueOrDefault(number);
            if (liveBytes == 0)
            {
                ClosePack(number);
                File.Delete(path);
                reclaimed += length;
            }
            else if (liveBytes + PackFile.Magic.Length < length / 2 && MoveBlocksOutOf(number))
            {
                ClosePack(number);
                File.Delete(path);
                reclaimed += length - liveBytes;
            }
        }

        if (reclaimed > 0)
        {
            DirectorySync.Flush(PacksPath);
        }

        return reclaimed;
    }

    /// <summary>
    /// Re-hashes every indexed block. Problems name the block, its pack and offset; nothing is
    /// deleted. A packed store has no temp files: an interrupted write leaves unindexed bytes that
    /// are never served and that <see cref="Compact"/> reclaims.
    /// </summary>
    public BlockStoreVerification Verify(CancellationToken cancellationToken = default)
    {
        var checkedCount = 0;
        var problems = new List<string>();
        foreach (var (hash, entry) in _entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            checkedCount++;
            var bytes = TryRead(entry, out var problem);
            if (bytes is null || !hash.Matches(bytes))
            {
                problems.Add($"{Cid.V1(Multicodec.Raw, hash)} in {PackFile.FileName(entry.Pack)} at offset {entry.Offset}: {problem ?? "the bytes do not hash to it"}");
            }
        }

        return new BlockStoreVerification(checkedCount, problems, RemoveProbeFiles());
    }

    private IEnumerable<(int Number, string Path)> PackFiles()
    {
        var packs = new List<(int, string)>();
        foreach (var file in Directory.EnumerateFiles(PacksPath))
        {
            if (PackFile.TryParseNumber(Path.GetFileName(file), out var number))
            {
                packs.Add((number, file));
            }
        }

        return packs.OrderBy(p => p.Item1);
    }

    /// <summary>Copies the live blocks of pack <paramref name="number"/> to the active pack; false when one is damaged.</summary>
    private bool MoveBlocksOutOf(int number)
    {
        var moved = new List<(Multihash, PackLocation)>();
        foreach (var (hash, entry) in _entries.Where(e => e.Value.Pack == number).ToList())
        {
            if (TryRead(entry, out _) is not { } bytes || !hash.Matches(bytes))
            {
                return false;
            }

            moved.Add((hash, Append(hash, bytes)));
        }

        CommitLocations(moved, move: true);
        return true;
    }

    private void ClosePack(int number)
    {
        lock (_packsLock)
        {
            if (_open.Remove(number, out var pack))
            {
                pack.Dispose();
            }
        }
    }
}
