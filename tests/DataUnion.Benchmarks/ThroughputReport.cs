using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Store;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Storage;
using DataUnion.Storage.Pins;
using DataUnion.Testing;

namespace DataUnion.Benchmarks;

/// <summary>
/// The IPFS store's benchmark: in-memory import throughput (CIDv1 raw leaves and CIDv0), durable
/// ingest into the on-disk store, the disk's own synchronous sequential write speed, and the JS
/// importer on the same inputs, all in one run so the ratios compare like with like on a shared,
/// noisy machine. Each figure is the median of several runs.
/// </summary>
internal static partial class ThroughputReport
{
    private const double MiB = 1024 * 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var imageCount = quick ? 100 : 1000;
        var bigSize = quick ? 128 << 20 : 1 << 30;
        var runsIndex = Array.IndexOf(args, "--runs");
        var runs = runsIndex >= 0 && runsIndex + 1 < args.Length ? int.Parse(args[runsIndex + 1], CultureInfo.InvariantCulture) : quick ? 1 : 3;
        var work = Path.Combine(RepositoryPaths.Root, ".data", "bench");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        var random = new Random(2026);
        var images = Enumerable.Range(0, imageCount).Select(_ =>
        {
            var image = new byte[random.Next(256 * 1024, (300 * 1024) + 1)];
            random.NextBytes(image);
            return image;
        }).ToArray();
        var big = new byte[bigSize];
        random.NextBytes(big);
        var imageBytes = images.Sum(i => (long)i.Length);
        var rows = new List<string>();
        void Row(string what, string figure, string note) => rows.Add($"| {what} | {figure} | {note} |");
        Console.Error.WriteLine($"inputs: {imageCount} images ({imageBytes / MiB:0} MiB), one {bigSize / MiB:0} MiB file, {runs} run(s) each");

        var sha = Median(runs, () => Time(() => SHA256.HashData(big)));
        var shaRate = bigSize / MiB / sha;
        Row("SHA-256, one thread (the ceiling)", $"{shaRate:0} MiB/s", $"{bigSize / MiB:0} MiB buffer");

        foreach (var (label, options) in new[] { ("CIDv1 raw leaves", ImportOptions.KuboCidV1), ("CIDv0", ImportOptions.KuboDefault) })
        {
            var bigSeconds = Median(runs, () => Time(() => UnixFsImporter.ImportFileAsync(big, options, DiscardingBlockSink.Instance).GetAwaiter().GetResult()));
            Row($"In-memory import, 1 file, {label}", Rate(bigSize, bigSeconds), $"{bigSize / MiB / bigSeconds / shaRate:P0} of SHA-256");
            var imageSeconds = Median(runs, () => Time(() =>
            {
                foreach (var image in images)
                {
                    UnixFsImporter.ImportFileAsync(image, options, DiscardingBlockSink.Instance).GetAwaiter().GetResult();
                }
            }));
            Row($"In-memory import, {imageCount} images, {label}", Rate(imageBytes, imageSeconds), $"{imageCount / imageSeconds:0} images/s");
        }

        var (parallelSeconds, cpu) = Median(runs, () => TimeWithCpu(() =>
            Parallel.ForEach(images, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, image =>
                UnixFsImporter.ImportFileAsync(image, ImportOptions.KuboCidV1, DiscardingBlockSink.Instance).GetAwaiter().GetResult())));
        Row($"In-memory import, {imageCount} images, CIDv1, {Environment.ProcessorCount} workers", Rate(imageBytes, parallelSeconds), $"CPU busy {cpu:0.0} of {Environment.ProcessorCount} cores");

        var diskFile = Path.Combine(work, "disk-baseline.bin");
        var diskSeconds = Median(runs, () =>
        {
            SettleDisk();
            return Time(() => WriteSynchronously(diskFile, big));
        });
        var diskRate = bigSize / MiB / diskSeconds;
        Row("Disk: sequential synchronous 1 MiB writes (O_SYNC)", $"{diskRate:0} MiB/s", $"{bigSize / MiB:0} MiB to {work}");
        File.Delete(diskFile);

        foreach (var layout in new[] { BlockStoreLayout.Packed, BlockStoreLayout.Flatfs })
        {
            var name = BlockStores.Name(layout);
            foreach (var workers in new[] { 1, Environment.ProcessorCount })
            {
                var seconds = await MedianAsync(runs, () => DurableIngestAsync(work, layout, images, workers));
                Row($"Durable ingest ({name}), {imageCount} images, CIDv1, {workers} worker(s)", Rate(imageBytes, seconds),
                    $"{imageCount / seconds:0} images/s; {imageBytes / MiB / seconds / diskRate:P0} of the disk");
            }

            var directorySeconds = await MedianAsync(runs, () => DurableDirectoryIngestAsync(work, layout, images));
            Row($"Durable ingest ({name}), {imageCount} images as one directory add (ipfs add -r)", Rate(imageBytes, directorySeconds),
                $"{imageCount / directorySeconds:0} images/s; {imageBytes / MiB / directorySeconds / diskRate:P0} of the disk");

            var bigIngest = await MedianAsync(runs, () => DurableIngestAsync(work, layout, [big], 1));
            Row($"Durable ingest ({name}), 1 file of {bigSize / MiB:0} MiB, CIDv1", Rate(bigSize, bigIngest), $"{bigSize / MiB / bigIngest / diskRate:P0} of the disk");
        }

        var js = await JsImporterAsync(work, images, big, runs);
        foreach (var (mode, label, options) in new[] { ("kubo-v1", "CIDv1 raw leaves", ImportOptions.KuboCidV1), ("kubo-v0", "CIDv0", ImportOptions.KuboDefault) })
        {
            var ours = Median(runs, () => Time(() => UnixFsImporter.ImportFileAsync(big, options, DiscardingBlockSink.Instance).GetAwaiter().GetResult()));
            var theirs = js.GetProperty(mode).GetProperty("bigSeconds").GetDouble();
            Row($"JS ipfs-unixfs-importer, 1 file, {label}", Rate(bigSize, theirs), $"ours is {theirs / ours:0.0}x faster");
            var oursImages = Median(runs, () => Time(() =>
            {
                foreach (var image in images)
                {
                    UnixFsImporter.ImportFileAsync(image, options, DiscardingBlockSink.Instance).GetAwaiter().GetResult();
                }
            }));
            var theirsImages = js.GetProperty(mode).GetProperty("imagesSeconds").GetDouble();
            Row($"JS ipfs-unixfs-importer, {imageCount} images, {label}", Rate(imageBytes, theirsImages), $"ours is {theirsImages / oursImages:0.0}x faster");
        }

        Directory.Delete(work, recursive: true);
        Console.WriteLine($"Measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd} on {Environment.ProcessorCount} cores, .NET {Environment.Version}, {(quick ? "quick" : "full")} inputs.");
        Console.WriteLine();
        Console.WriteLine("| what | throughput | note |");
        Console.WriteLine("|---|---|---|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private static async Task<double> DurableIngestAsync(string work, BlockStoreLayout layout, byte[][] files, int workers)
    {
        var directory = Path.Combine(work, "store-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        using var database = NodeDatabase.Open(Path.Combine(directory, "node.db"), TimeProvider.System);
        using var blocks = BlockStores.Open(Path.Combine(directory, "blocks"), layout);
        var store = new IpfsStore(blocks, new LiteDbPinStore(database), TimeProvider.System);
        SettleDisk();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = workers }, async (file, ct) =>
            await store.AddFileAsync(new MemoryStream(file), ImportOptions.KuboCidV1, pinFor: PinOwner.KuboRpc, cancellationToken: ct));
        var seconds = watch.Elapsed.TotalSeconds;
        database.Dispose();
        blocks.Dispose();
        Directory.Delete(directory, recursive: true);
        return seconds;
    }

    private static async Task<double> DurableDirectoryIngestAsync(string work, BlockStoreLayout layout, byte[][] files)
    {
        var directory = Path.Combine(work, "store-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        using var database = NodeDatabase.Open(Path.Combine(directory, "node.db"), TimeProvider.System);
        using var blocks = BlockStores.Open(Path.Combine(directory, "blocks"), layout);
        var store = new IpfsStore(blocks, new LiteDbPinStore(database), TimeProvider.System);
        SettleDisk();
        var watch = Stopwatch.StartNew();
        await using (var session = await store.BeginAddAsync())
        {
            var folder = new DirectoryBuilder();
            for (var i = 0; i < files.Length; i++)
            {
                folder.Add($"image-{i:D4}.jpg", await session.AddFileAsync(new MemoryStream(files[i]), ImportOptions.KuboCidV1));
            }

            session.Pin((await session.AddDirectoryAsync(folder, 1)).Cid, PinOwner.KuboRpc);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        database.Dispose();
        blocks.Dispose();
        Directory.Delete(directory, recursive: true);
        return seconds;
    }

    private static async Task<JsonElement> JsImporterAsync(string work, byte[][] images, byte[] big, int runs)
    {
        var directory = Path.Combine(work, "js");
        Directory.CreateDirectory(directory);
        var imagePaths = new List<string>();
        for (var i = 0; i < images.Length; i++)
        {
            var path = Path.Combine(directory, $"image-{i:D4}.bin");
            await File.WriteAllBytesAsync(path, images[i]);
            imagePaths.Add(path);
        }

        var bigPath = Path.Combine(directory, "big.bin");
        await File.WriteAllBytesAsync(bigPath, big);
        var request = Path.Combine(directory, "request.json");
        await File.WriteAllTextAsync(request, JsonSerializer.Serialize(new { images = imagePaths, big = bigPath, runs }));
        var output = await NodeJs.RunAsync("tests/reference/unixfs-bench.mjs", TimeSpan.FromMinutes(30), request);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    // Deleting a previous run's files queues discards (the filesystem is mounted with "discard")
    // and dirty pages that the next sync would pay for; flush them before the clock starts.
    private static void SettleDisk() => Sync();

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "sync")]
    private static partial void Sync();

    private static void WriteSynchronously(string path, byte[] data)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        for (var offset = 0; offset < data.Length; offset += 1 << 20)
        {
            file.Write(data, offset, Math.Min(1 << 20, data.Length - offset));
        }

        file.Flush(flushToDisk: true);
    }

    private static string Rate(long bytes, double seconds) => string.Create(CultureInfo.InvariantCulture, $"{bytes / MiB / seconds:0} MiB/s");

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    private static (double Seconds, double CoresBusy) TimeWithCpu(Action action)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var seconds = Time(action);
        process.Refresh();
        return (seconds, (process.TotalProcessorTime - cpuBefore).TotalSeconds / seconds);
    }

    private static double Median(int runs, Func<double> measure) =>
        Enumerable.Range(0, runs).Select(_ => measure()).Order().ElementAt(runs / 2);

    private static (double, double) Median(int runs, Func<(double, double)> measure) =>
        Enumerable.Range(0, runs).Select(_ => measure()).OrderBy(r => r.Item1).ElementAt(runs / 2);

    private static async Task<double> MedianAsync(int runs, Func<Task<double>> measure)
    {
        var results = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            results.Add(await measure());
        }

        return results.Order().ElementAt(runs / 2);
    }
}
