using DataUnion.Core.Content;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;

namespace DataUnion.Cli.Tests;

[Collection(HardhatChainCollection.Name)]
public sealed class IpfsCommandsTests(HardhatChainFixture chain) : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private RunningNode _node = null!;

    public async Task InitializeAsync() => _node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Combine("node")));

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _directory.Dispose();
    }

    private async Task<(int ExitCode, string Output, string Error, byte[] Bytes)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var bytes = new MemoryStream();
        string[] connection = ["--api", _node.BaseUrl.ToString(), "--data-dir", _node.DataDirectory];
        var exitCode = await CliApp.RunAsync([.. args, .. connection], new CliConsole(output, error, bytes, ShowProgress: false));
        return (exitCode, output.ToString(), error.ToString(), bytes.ToArray());
    }

    private string WriteFile(string name, byte[] content)
    {
        var path = _directory.Combine(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public async Task Add_File_PrintsKuboLineWithTheKuboCid()
    {
        var content = DeterministicBytes.Generate("cli-add", 500_000);
        var expected = await UnixFsImporter.ImportFileAsync(content, ImportOptions.KuboDefault, DiscardingBlockSink.Instance);

        var run = await RunAsync("ipfs", "add", WriteFile("photo.jpg", content));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"added {expected.Cid} photo.jpg", run.Output.Trim());
    }

    [Fact]
    public async Task Add_RecursiveQuiet_PrintsCidsRootLastAndMatchesOnlyHash()
    {
        WriteFile("set/a.jpg", [1, 2, 3]);
        WriteFile("set/sub/b.jpg", [4, 5]);
        var dir = _directory.Combine("set");

        var online = await RunAsync("ipfs", "add", "-r", "-q", "--cid-version", "1", dir);
        var offline = await CliRun.InvokeAsync("ipfs", "add", "-r", "-q", "--cid-version", "1", "--only-hash", "--api", $"http://127.0.0.1:{FreePort.Next()}", dir);

        Assert.Equal(0, online.ExitCode);
        Assert.Equal(0, offline.ExitCode);
        var onlineCids = online.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var offlineCids = offline.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, onlineCids.Length);
        Assert.Equal(onlineCids[^1], offlineCids[^1]);
        Assert.Equal(onlineCids.Order(), offlineCids.Order());
    }

    [Fact]
    public async Task Add_DirectoryWithoutRecursive_Exits1()
    {
        Directory.CreateDirectory(_directory.Combine("plain"));

        var run = await RunAsync("ipfs", "add", _directory.Combine("plain"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("use -r", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cat_AddedFile_WritesTheBytes()
    {
        var content = DeterministicBytes.Generate("cli-cat", 300_000);
        var cid = (await RunAsync("ipfs", "add", "-q", WriteFile("c.bin", content))).Output.Trim();
        var json = await RunAsync("ipfs", "add", "--json", WriteFile("c2.bin", content));

        var run = await RunAsync("ipfs", "cat", cid);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(content, run.Bytes);
        var added = System.Text.Json.JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal((cid, "c2.bin"), (added.GetProperty("Hash").GetString(), added.GetProperty("Name").GetString()));
    }

    [Fact]
    public async Task Get_Directory_WritesTheTree()
    {
        WriteFile("tree/a.txt", "alpha"u8.ToArray());
        WriteFile("tree/deep/b.txt", "beta"u8.ToArray());
        var root = (await RunAsync("ipfs", "add", "-r", "-q", _directory.Combine("tree"))).Output.Trim().Split('\n')[^1];
        var target = _directory.Combine("out");

        var run = await RunAsync("ipfs", "get", root, "-o", target);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(target, "a.txt")));
        Assert.Equal("beta", File.ReadAllText(Path.Combine(target, "deep", "b.txt")));
    }

    [Fact]
    public async Task Get_DirectoryEntryNamedDotDot_IsRefusedAndNothingEscapes()
    {
        var file = Cid.Parse((await RunAsync("ipfs", "add", "-q", WriteFile("payload", "evil"u8.ToArray()))).Output.Trim());
        var directory = HostileDirectory(file, "../escaped");
        var directoryCid = Cid.V0(Multihash.Sha256(directory));
        _node.App.Services.GetRequiredService<IBlockStore>().Put(directoryCid, directory);
        var target = _directory.Combine("jail", "out");
        Directory.CreateDirectory(_directory.Combine("jail"));

        var run = await RunAsync("ipfs", "get", directoryCid.ToString(), "-o", target);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'../escaped' is not a valid directory entry name", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.Combine("jail", "escaped")));
    }

    [Fact]
    public async Task Get_ExistingOutput_IsRefused()
    {
        var cid = (await RunAsync("ipfs", "add", "-q", WriteFile("x", [1]))).Output.Trim();

        var run = await RunAsync("ipfs", "get", cid, "-o", _directory.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("already exists", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PinLsRmAndGc_ManageTheStore()
    {
        var cid = (await RunAsync("ipfs", "add", "-q", WriteFile("p.bin", DeterministicBytes.Generate("pins", 400_000)))).Output.Trim();

        var ls = await RunAsync("ipfs", "pin", "ls", "--type", "recursive");
        var lsJson = await RunAsync("ipfs", "pin", "ls", "--type", "recursive", "--json");
        var rm = await RunAsync("ipfs", "pin", "rm", cid);
        var gc = await RunAsync("ipfs", "repo", "gc");
        var cat = await RunAsync("ipfs", "cat", cid);

        Assert.Contains($"{cid} recursive", ls.Output, StringComparison.Ordinal);
        Assert.Contains(lsJson.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), line =>
            System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("Cid").GetString() == cid);
        Assert.Equal($"unpinned {cid}", rm.Output.Trim());
        Assert.Equal(3, gc.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(1, cat.ExitCode);
        Assert.Contains("404", cat.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DagExportThenImport_RestoresUnpinnedContent()
    {
        var content = DeterministicBytes.Generate("dag-cli", 600_000);
        var cid = (await RunAsync("ipfs", "add", "-q", WriteFile("d.bin", content))).Output.Trim();
        var car = _directory.Combine("d.car");
        await File.WriteAllBytesAsync(car, (await RunAsync("ipfs", "dag", "export", cid)).Bytes);
        await RunAsync("ipfs", "pin", "rm", cid);
        await RunAsync("ipfs", "repo", "gc");

        var import = await RunAsync("ipfs", "dag", "import", car);
        var cat = await RunAsync("ipfs", "cat", cid);

        Assert.Equal(0, import.ExitCode);
        Assert.Contains(cid, import.Output, StringComparison.Ordinal);
        Assert.Equal(content, cat.Bytes);
    }

    [Fact]
    public async Task RepoVerify_HealthyThenDamaged_ExitCodeFollows()
    {
        var content = DeterministicBytes.Generate("verify-cli", 300_000);
        await RunAsync("ipfs", "add", WriteFile("v.bin", content));

        var healthy = await RunAsync("ipfs", "repo", "verify");
        var block = StoredBytes.Tamper(Path.Combine(_node.DataDirectory, "blocks"), content.AsSpan(0, 64));
        var damaged = await RunAsync("ipfs", "repo", "verify");

        Assert.Equal(0, healthy.ExitCode);
        Assert.Contains("all 3 blocks validated", healthy.Output, StringComparison.Ordinal);
        Assert.Equal(1, damaged.ExitCode);
        Assert.Contains(Path.GetFileName(block), damaged.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cat_MalformedCid_IsAUsageError()
    {
        var run = await RunAsync("ipfs", "cat", "QmNope");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a CID", run.Error, StringComparison.Ordinal);
    }

    // A dag-pb directory whose only link is named by an attacker; DirectoryBuilder would refuse the name.
    private static byte[] HostileDirectory(Cid child, string name)
    {
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        byte[] link = [0x0a, (byte)child.Bytes.Length, .. child.Bytes, 0x12, (byte)nameBytes.Length, .. nameBytes, 0x18, 0x0d];
        return [0x12, (byte)link.Length, .. link, 0x0a, 0x02, 0x08, 0x01];
    }
}
