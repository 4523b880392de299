using System.Runtime.InteropServices;

namespace DataUnion.Node.Hosting;

/// <summary>
/// Keeps the data directory readable by its owner only: contributed images, labels, keys and logs
/// are personal data. New files are owner-only through the process's file-creation mask (077, as
/// PostgreSQL sets it), which also covers what LiteDB and Serilog create; what an older node or
/// another program left with wider modes is narrowed at start.
/// </summary>
internal static partial class OwnerOnlyFiles
{
    private const UnixFileMode Directory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Every file and folder this process creates from now on is owner-only.</summary>
    public static void RestrictNewFiles()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Umask(0b000_111_111);
        }
    }

    /// <summary>Creates <paramref name="path"/> as an owner-only folder, or narrows an existing one.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
            return;
        }

        System.IO.Directory.CreateDirectory(path, Directory);
        Narrow(path);
    }

    /// <summary>True when group or others have any permission on <paramref name="path"/>.</summary>
    public static bool IsOpen(string path) => !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther) != 0;

    /// <summary>Takes group and other permissions off everything under <paramref name="root"/>; returns how many entries changed.</summary>
    public static int NarrowTree(string root)
    {
        if (OperatingSystem.IsWindows())
        {
            return 0;
        }

        var changed = Narrow(root) ? 1 : 0;
        foreach (var entry in System.IO.Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            changed += Narrow(entry) ? 1 : 0;
        }

        return changed;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool Narrow(string path)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) == 0)
        {
            return false;
        }

        File.SetUnixFileMode(path, mode & ~GroupOrOther);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint Umask(uint mask);
}
