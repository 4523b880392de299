using DataUnion.Core.Content;

namespace DataUnion.Ipfs.Blocks;

public sealed partial class FileBlockStore
{
    /// <summary>
    /// Checks every stored block against its multihash and removes temp files that a crash left
    /// behind (they were never renamed into place, so no block is lost). Damaged blocks are
    /// reported, not deleted: the operator decides.
    /// </summary>
    public BlockStoreVerification Verify(CancellationToken cancellationToken = default)
    {
        var checkedCount = 0;
        var damaged = new List<string>();
        var removedTemp = 0;
        foreach (var shard in Directory.EnumerateDirectories(RootPath))
        {
            foreach (var file in Directory.EnumerateFiles(shard))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = Path.GetFileName(file);
                if (name.StartsWith(TempPrefix, StringComparison.Ordinal))
                {
                    DiskProbe.TryDelete(file);
                    removedTemp++;
                    continue;
                }

                if (!BlockKey.TryParse(name, out var hash) || BlockKey.Shard(name[..^BlockKey.Extension.Length]) != Path.GetFileName(shard))
                {
                    damaged.Add($"{file}: not a block file name of this store");
                    continue;
                }

                checkedCount++;
                if (!hash!.Matches(File.ReadAllBytes(file)))
                {
                    damaged.Add($"{file}: bytes do not hash to {Cid.V1(Multicodec.Raw, hash)}");
                }
            }
        }

        foreach (var file in Directory.EnumerateFiles(RootPath, TempPrefix + "*"))
        {
            DiskProbe.TryDelete(file);
            removedTemp++;
        }

        return new BlockStoreVerification(checkedCount, damaged, removedTemp);
    }

    /// <summary>
    /// Deletes the temp files of writes a crash interrupted. Call only while nothing writes, as
    /// the node does at start: a temp file is never a block until its rename.
    /// </summary>
    /// <returns>Files removed.</returns>
    public int RemoveTemporaryFiles()
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(RootPath, TempPrefix + "*", SearchOption.AllDirectories))
        {
            DiskProbe.TryDelete(file);
            removed++;
        }

        return removed;
    }
}
