namespace DataUnion.Storage;

/// <summary>Files that hold secrets (the operator token, keystores): owner-only, whole, never replaced.</summary>
public static class SecretFile
{
    /// <summary>
    /// Writes <paramref name="contents"/> to a new file readable by the owner only (0600), through a
    /// flushed temp file and a rename that never overwrites, so no half-written secret is left
    /// and an existing one is never replaced (<see cref="IOException"/> then).
    /// </summary>
    public static void Write(string path, string contents)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(contents);
        var temp = $"{path}.tmp-{Guid.NewGuid():N}";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(contents);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: false);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
