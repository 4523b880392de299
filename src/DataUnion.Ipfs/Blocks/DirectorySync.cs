using System.Runtime.InteropServices;

namespace DataUnion.Ipfs.Blocks;

/// <summary>
/// fsync of a directory (which makes a rename inside it durable) and syncfs of a whole
/// filesystem. .NET has no API for either, so this calls libc directly; on Windows, where NTFS
/// journals renames, the directory sync does nothing.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;

    /// <summary>fsync(2) of <paramref name="directory"/>.</summary>
    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsWindows())
        {
            OnDescriptor(directory, Fsync, "fsync of directory");
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

        OnDescriptor(path, SyncFs, "syncfs on");
        return true;
    }

    private static void OnDescriptor(string path, Func<int, int> call, string what)
    {
        var fd = Open(path, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"cannot open '{path}' for {what} (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (call(fd) != 0)
            {
                throw new IOException($"{what} '{path}' failed (errno {Marshal.GetLastPInvokeError()})");
            }
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
