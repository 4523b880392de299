using DataUnion.Ipfs.Blocks;
using DataUnion.Testing;

namespace DataUnion.Ipfs.Tests.Blocks;

public sealed class BlockStoreDirectoryTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public void Constructor_MissingDirectory_CreatesIt()
    {
        var store = new BlockStoreDirectory(_directory.Combine("a", "b", "blocks"));

        Assert.True(Directory.Exists(store.RootPath));
    }

    [Fact]
    public void Probe_WritableDirectory_ReportsNoProblemAndLeavesNoFile()
    {
        var store = new BlockStoreDirectory(_directory.Combine("blocks"));

        Assert.Null(store.Probe());
        Assert.Empty(Directory.EnumerateFileSystemEntries(store.RootPath));
    }

    [Fact]
    public void Probe_DirectoryRemovedWhileRunning_ReportsTheProblem()
    {
        var store = new BlockStoreDirectory(_directory.Combine("blocks"));
        Directory.Delete(store.RootPath);
        // A file where the directory was: even root cannot create a file beneath it.
        File.WriteAllText(store.RootPath, "not a directory");

        var problem = store.Probe();

        Assert.NotNull(problem);
        Assert.Contains(store.RootPath, problem, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
