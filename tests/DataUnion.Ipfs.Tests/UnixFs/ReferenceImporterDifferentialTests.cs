using System.Text.Json;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Testing;

namespace DataUnion.Ipfs.Tests.UnixFs;

/// <summary>
/// Differential test against ipfs-unixfs-importer (npm): 200 random files from 0 bytes to
/// 50 MB, with every chunk and fan-out boundary, must get identical root CIDs in kubo's v0 and
/// v1 modes and in the unixfs-v1-2025 profile.
/// </summary>
public sealed class ReferenceImporterDifferentialTests : IDisposable
{
    private const int Chunk = 262_144;
    private const int FileCount = 200;
    private readonly TempDirectory _directory = new();

    private static readonly Dictionary<string, ImportOptions> Modes = new()
    {
        ["kubo-v0"] = ImportOptions.KuboDefault,
        ["kubo-v1"] = ImportOptions.KuboCidV1,
        ["unixfs-v1-2025"] = ImportOptions.UnixFsV1Profile2025,
    };

    [Fact]
    public async Task ImportFile_200RandomFiles_RootCidsEqualTheJsReference()
    {
        var sizes = FileSizes();
        Assert.Equal(FileCount, sizes.Count);
        var requests = new List<(string Path, string Mode, long Size)>();
        var random = new Random(20261125);
        var buffer = new byte[1 << 20];
        for (var i = 0; i < sizes.Count; i++)
        {
            var path = _directory.Combine($"file-{i:D3}.bin");
            await using (var file = File.Create(path))
            {
                for (var left = sizes[i]; left > 0; left -= buffer.Length)
                {
                    random.NextBytes(buffer);
                    await file.WriteAsync(buffer.AsMemory(0, (int)Math.Min(left, buffer.Length)));
                }
            }

            requests.Add((path, "kubo-v0", sizes[i]));
            requests.Add((path, "kubo-v1", sizes[i]));
            if (sizes[i] <= 8 * 1024 * 1024)
            {
                requests.Add((path, "unixfs-v1-2025", sizes[i]));
            }
        }

        var requestFile = _directory.Combine("request.json");
        await File.WriteAllTextAsync(requestFile, JsonSerializer.Serialize(requests.Select(r => new { path = r.Path, mode = r.Mode })));
        var reference = JsonSerializer.Deserialize<string[]>(
            await NodeJs.RunAsync("tests/reference/unixfs-import.mjs", TimeSpan.FromMinutes(10), requestFile))!;

        Assert.Equal(requests.Count, reference.Length);
        var mismatches = new List<string>();
        for (var i = 0; i < requests.Count; i++)
        {
            await using var file = File.OpenRead(requests[i].Path);
            var ours = (await UnixFsImporter.ImportFileAsync(file, Modes[requests[i].Mode], DiscardingBlockSink.Instance)).Cid.ToString();
            if (ours != reference[i])
            {
                mismatches.Add($"{requests[i].Size} bytes, {requests[i].Mode}: ours {ours}, reference {reference[i]}");
            }
        }

        Assert.Empty(mismatches);
    }

    private static List<long> FileSizes()
    {
        var sizes = new List<long>
        {
            0, 1, Chunk - 1, Chunk, Chunk + 1, (2 * Chunk) + 7,
            (174L * Chunk) - 1, 174L * Chunk, (174L * Chunk) + 1,
            (1 << 20) - 1, 1 << 20, (1 << 20) + 1,
            50_000_000,
        };
        var random = new Random(174);
        while (sizes.Count < FileCount - 5)
        {
            // Log-uniform from 1 byte to 4 MiB: many small files, every order of magnitude.
            sizes.Add((long)Math.Exp(random.NextDouble() * Math.Log(4 << 20)));
        }

        while (sizes.Count < FileCount)
        {
            sizes.Add(random.NextInt64(4L << 20, 48L << 20));
        }

        return sizes;
    }

    public void Dispose() => _directory.Dispose();
}
