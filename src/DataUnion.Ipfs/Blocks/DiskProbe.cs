namespace DataUnion.Ipfs.Blocks;

/// <summary>The write-flush-read-delete check behind every layout's <see cref="IBlockStore.Probe"/>.</summary>
internal static class DiskProbe
{
    /// <summary>
    /// Writes three bytes to <paramref name="probeFile"/> (inside <paramref name="root"/>), flushes
    /// them to disk, reads them back and deletes the file.
    /// </summary>
    /// <returns>Null when that worked, else what went wrong.</returns>
    public static string? Check(string root, string probeFile)
    {
        byte[] expected = [0x44, 0x55, 0x4e];
        try
        {
            using (var stream = new FileStream(probeFile, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(expected);
                stream.Flush(flushToDisk: true);
            }

            return File.ReadAllBytes(probeFile).AsSpan().SequenceEqual(expected) ? null : $"the probe file in '{root}' read back different bytes";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"the block store '{root}' is not writable: {ex.Message}";
        }
        finally
        {
            TryDelete(probeFile);
        }
    }

    /// <summary>Deletes a temp or probe file; one that cannot be deleted now is removed at the next start or verify.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next start (RemoveTemporaryFiles) or repo verify.
        }
    }
}
