using System.Runtime.InteropServices;

namespace DataUnion.Ipfs.Blocks;

/// <summary>
/// fsync of a directory, which makes a rename inside it durable. .NET has no API for it, so
/// this calls libc directly; on Windows (where NTFS journals renames) it does nothing.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory '{directory}' to sync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory '{directory}' failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// syncfs(2) on the filesystem holding <paramref name="path"/>: every dirty page and metadata
    /// change on it reaches the disk. Returns false where syncfs does not exist (not Linux).
    /// </summary>
    public static bool SyncFileSystem(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var fd = Open(path, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"cannot open '{path}' to sync its filesystem (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (SyncFs(fd) != 0)
            {
                throw new IOException($"syncfs on '{path}' failed (errno {Marshal.GetLastPInvokeError()})");
            }

            return true;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
