using System.Runtime.InteropServices;

namespace DataUnion.Benchmarks;

/// <summary>Drops a file's pages from the OS page cache (Linux <c>posix_fadvise(DONTNEED)</c>), so a read that follows comes from the disk.</summary>
internal static partial class PageCache
{
    private const int DontNeed = 4;

    public static void Evict(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        _ = Advise((int)handle.DangerousGetHandle(), 0, 0, DontNeed);
    }

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int Advise(int fd, long offset, long length, int advice);
}
