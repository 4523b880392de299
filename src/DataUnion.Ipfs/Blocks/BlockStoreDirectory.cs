namespace DataUnion.Ipfs.Blocks;

/// <summary>
/// The on-disk home of the block store. The store itself arrives with the IPFS work; this type
/// owns the directory and proves it is usable, which is what readiness needs today.
/// </summary>
public sealed class BlockStoreDirectory
{
    /// <summary>Creates the directory if needed.</summary>
    /// <param name="path">Directory that holds the blocks.</param>
    public BlockStoreDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        RootPath = Path.GetFullPath(path);
        Directory.CreateDirectory(RootPath);
    }

    /// <summary>Absolute path of the block store directory.</summary>
    public string RootPath { get; }

    /// <summary>
    /// Writes, flushes, reads back and deletes a small probe file. Fails when the directory has
    /// gone, is read-only or the disk is full.
    /// </summary>
    /// <returns>Null when the directory is usable, else what went wrong.</returns>
    public string? Probe()
    {
        var probe = Path.Combine(RootPath, $".probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        byte[] expected = [0x44, 0x55, 0x4e];
        try
        {
            using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(expected);
                stream.Flush(flushToDisk: true);
            }

            return File.ReadAllBytes(probe).AsSpan().SequenceEqual(expected)
                ? null
                : $"the probe file in '{RootPath}' read back different bytes";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"the block store directory '{RootPath}' is not writable: {ex.Message}";
        }
        finally
        {
            TryDelete(probe);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A probe that could not be removed is harmless and is named so GC ignores it.
        }
    }
}
