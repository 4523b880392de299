using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using DataUnion.Chain.Merkle;
using DataUnion.Chain.Signing;
using DataUnion.Chain.Versions;
using DataUnion.Core.Labeling;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Store;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Node.Versions;
using DataUnion.Storage;
using DataUnion.Storage.Pins;
using DataUnion.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DataUnion.Benchmarks;

/// <summary>
/// Dataset versions: building a version of 100,000 stored images (both trees, both dumps, COCO,
/// manifest, the UnixFS directory with its HAMT of images, written to a packed block store), and a
/// shares tree with every proof at 1,000,000 leaves and, against <c>@openzeppelin/merkle-tree</c>
/// in the same run, at 100,000.
/// </summary>
internal static class VersionsReport
{
    private const long ChainId = 31337;
    private const string Market = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

    public static async Task<int> RunAsync(string[] args)
    {
        var images = Arg(args, "--images", 100_000);
        var leaves = Arg(args, "--leaves", 1_000_000);
        var referenceLeaves = Arg(args, "--reference-leaves", 100_000);
        var downloadMiB = Arg(args, "--download-mib", 1024);
        Console.WriteLine("## Dataset versions");
        Console.WriteLine();
        await BuildAsync(images);
        Console.WriteLine();
        SharesTree(leaves);
        Console.WriteLine();
        await AgainstOpenZeppelinAsync(referenceLeaves);
        Console.WriteLine();
        await DownloadAsync(downloadMiB, Arg(args, "--download-runs", 3));
        return 0;
    }

    private static async Task BuildAsync(int count)
    {
        using var work = new TempDirectory();
        using var database = NodeDatabase.Open(Path.Combine(work.Path, "node.db"), TimeProvider.System);
        using var blocks = BlockStores.Open(Path.Combine(work.Path, "blocks"), BlockStoreLayout.Packed);
        var store = new IpfsStore(blocks, new LiteDbPinStore(database), TimeProvider.System);
        var list = await SyntheticImagesAsync(store, count, 1024, 2048);
        var terms = new VersionTerms(ChainId, Market, 7, DatasetIds.Of("faces"), "faces", ["face"], 5, Market, "DataUnion-Contributor-1.0", "licence text", "0x" + new string('1', 64), DateTimeOffset.UnixEpoch);
        // Warm-up on a small version: compile the paths before timing them.
        var warm = VersionContent.Build(terms, list.Take(200).ToList());
        await VersionWriter.WriteAsync(store, warm, PinOwner.Version("warm-up"), "warm-up", CancellationToken.None);

        var watch = Stopwatch.StartNew();
        var content = VersionContent.Build(terms, list);
        var trees = watch.Elapsed;
        var (root, files) = await VersionWriter.WriteAsync(store, content, PinOwner.Version("bench"), "bench", CancellationToken.None);
        watch.Stop();
        Console.WriteLine($"### Building a version of {count:N0} stored images");
        Console.WriteLine();
        Console.WriteLine("| images | co-owners | trees | trees, dumps, COCO, manifest, directory written and pinned | target |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| {count:N0} | {content.Shares.Count:N0} | {trees.TotalSeconds:0.00} s | {watch.Elapsed.TotalSeconds:0.00} s | ≤ 10 s |");
        Console.WriteLine();
        Console.WriteLine($"Root {root}; manifest {files[VersionContent.ManifestPath]}.");
    }

    /// <summary>
    /// Stores <paramref name="count"/> random images of <paramref name="minBytes"/> to <paramref name="maxBytes"/>
    /// (untimed), each with a synthetic consent, three labelers and shares, as a version holds them.
    /// </summary>
    private static async Task<List<VersionImage>> SyntheticImagesAsync(IpfsStore store, int count, int minBytes, int maxBytes)
    {
        var random = new Random(2026);
        var contributors = Enumerable.Range(0, 1000).Select(i => Address(random)).ToArray();
        var labelers = Enumerable.Range(0, 2000).Select(i => Address(random)).ToArray();
        var list = new List<VersionImage>(count);
        await using (var session = await store.BeginAddAsync())
        {
            var bytes = new byte[maxBytes];
            for (var i = 0; i < count; i++)
            {
                random.NextBytes(bytes);
                var link = await session.AddFileAsync(new MemoryStream(bytes, 0, minBytes + random.Next(maxBytes - minBytes + 1)), ImportOptions.KuboCidV1);
                var contributor = contributors[random.Next(contributors.Length)];
                var three = new[] { labelers[random.Next(labelers.Length)], labelers[random.Next(labelers.Length)], labelers[random.Next(labelers.Length)] }.Distinct().ToList();
                var shares = new Dictionary<string, long>(StringComparer.Ordinal) { [contributor] = CoOwnershipShares.ContributorUnits };
                foreach (var (labeler, k) in three.Select((l, k) => (l, k)))
                {
                    shares[labeler] = (CoOwnershipShares.LabelerUnits / three.Count) + (k < CoOwnershipShares.LabelerUnits % three.Count ? 1 : 0);
                }

                var digest = link.Cid.Hash.Digest.ToArray();
                var consent = new Consent(contributor, digest, "faces", "DataUnion-Contributor-1.0", Hash(random), new byte[32], 1_800_000_000);
                list.Add(new VersionImage(
                    link.Cid.ToString(), "jpg", 640, 480, digest, consent, "0x" + Convert.ToHexStringLower(Hash(random)) + Convert.ToHexStringLower(Hash(random)) + "1b", "eoa",
                    Hash(random), three, shares,
                    [new ConsensusObject("face", new Box(random.Next(600), random.Next(440), 40, 40), 0.97, [])]));
            }
        }

        return list;
    }

    /// <summary>
    /// A 1 GiB version served as a CAR by Kestrel over loopback (the node's download endpoint
    /// streams the same export) and received by the CLI's own receiver: every block checked, the
    /// DAG walked, the tree written to disk. Against the disk's sequential read of a file of the
    /// same size in the same run; both read from disk, not the page cache (evicted first).
    /// </summary>
    private static async Task DownloadAsync(int mib, int runs)
    {
        using var work = new TempDirectory();
        using var database = NodeDatabase.Open(Path.Combine(work.Path, "node.db"), TimeProvider.System);
        using var blocks = BlockStores.Open(Path.Combine(work.Path, "blocks"), BlockStoreLayout.Packed);
        var store = new IpfsStore(blocks, new LiteDbPinStore(database), TimeProvider.System);
        var list = await SyntheticImagesAsync(store, mib, 1 << 20, 1 << 20);
        var terms = new VersionTerms(ChainId, Market, 7, DatasetIds.Of("faces"), "faces", ["face"], 5, Market, "DataUnion-Contributor-1.0", "licence text", "0x" + new string('1', 64), DateTimeOffset.UnixEpoch);
        var (root, _) = await VersionWriter.WriteAsync(store, VersionContent.Build(terms, list), PinOwner.Version("bench"), "bench", CancellationToken.None);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapGet("/car", async context =>
        {
            context.Response.ContentType = "application/vnd.ipld.car; version=1";
            await store.ExportCarAsync(root, context.Response.Body, context.RequestAborted);
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = Timeout.InfiniteTimeSpan };
        var console = new DataUnion.Cli.CliConsole(TextWriter.Null, TextWriter.Null, Stream.Null, ShowProgress: false);
        var packs = Directory.EnumerateFiles(Path.Combine(work.Path, "blocks"), "*", SearchOption.AllDirectories).ToList();

        // Each run: the disk's read of the reference, the stream alone (read and discarded: what the
        // export and loopback HTTP cost), then the verified download; the page cache evicted before each.
        var rows = new List<(double Rate, double Stream, double Disk, long Bytes, int Files)>();
        for (var run = 0; run < runs; run++)
        {
            // The disk's sequential read of a file as large: a new file each run (a file read
            // before may come back from the virtual disk's own cache), synced, then evicted.
            var reference = Path.Combine(work.Path, $"reference-{run}.bin");
            await using (var file = new FileStream(reference, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                var chunk = new byte[1 << 20];
                new Random(5 + run).NextBytes(chunk);
                for (var i = 0; i < mib; i++)
                {
                    await file.WriteAsync(chunk);
                }

                file.Flush(flushToDisk: true);
            }

            PageCache.Evict(reference);
            var watch = Stopwatch.StartNew();
            await using (var file = new FileStream(reference, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            {
                var buffer = new byte[1 << 20];
                while (await file.ReadAsync(buffer) > 0)
                {
                }
            }

            var disk = mib / watch.Elapsed.TotalSeconds;
            File.Delete(reference);
            packs.ForEach(PageCache.Evict);
            watch.Restart();
            long streamed;
            using (var response = await http.GetAsync(new Uri("/car", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead))
            {
                await using var body = await response.Content.ReadAsStreamAsync();
                var counter = new CountingStream();
                await body.CopyToAsync(counter);
                streamed = counter.Length;
            }

            var streamRate = streamed / 1048576.0 / watch.Elapsed.TotalSeconds;
            packs.ForEach(PageCache.Evict);
            var target = Path.Combine(work.Path, $"download-{run}");
            watch.Restart();
            using (var response = await http.GetAsync(new Uri("/car", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead))
            {
                await using var body = await response.Content.ReadAsStreamAsync();
                var (files, bytes) = await DataUnion.Cli.VersionReceiver.ReceiveAsync(console, body, root, target, 0, CancellationToken.None);
                watch.Stop();
                rows.Add((bytes / 1048576.0 / watch.Elapsed.TotalSeconds, streamRate, disk, bytes, files));
            }

            Directory.Delete(target, recursive: true);
        }

        Console.WriteLine($"### Downloading a {mib:N0} MiB version as a verified CAR over loopback ({runs} runs, median by ratio)");
        Console.WriteLine();
        Console.WriteLine("| run | version | files | verified download, written to disk | the CAR stream alone, discarded | disk sequential read | ratio | target |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var (row, i) in rows.Select((r, i) => (r, i)))
        {
            Console.WriteLine($"| {i + 1} | {row.Bytes / 1048576.0:N0} MiB | {row.Files:N0} | {row.Rate:0} MiB/s | {row.Stream:0} MiB/s | {row.Disk:0} MiB/s | {row.Rate / row.Disk:0.00} | ≥ 0.5 |");
        }

        var median = rows.OrderBy(r => r.Rate / r.Disk).ElementAt(rows.Count / 2);
        Console.WriteLine($"| median | | | {median.Rate:0} MiB/s | {median.Stream:0} MiB/s | {median.Disk:0} MiB/s | {median.Rate / median.Disk:0.00} | ≥ 0.5 |");
    }

    private static void SharesTree(int count)
    {
        var random = new Random(7);
        var accounts = Enumerable.Range(0, count).Select(_ => Address(random)).ToArray();
        var units = Enumerable.Range(0, count).Select(_ => (long)random.Next(1, 1_000_000)).ToArray();
        Time(accounts.Take(1000).ToArray(), units);
        var (seconds, _) = Time(accounts, units);
        Console.WriteLine($"### A shares tree of {count:N0} leaves with every proof");
        Console.WriteLine();
        Console.WriteLine("| leaves | leaves, tree and every proof | target |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| {count:N0} | {seconds:0.00} s | ≤ 5 s |");
    }

    private static async Task AgainstOpenZeppelinAsync(int count)
    {
        using var work = new TempDirectory();
        var random = new Random(11);
        var accounts = Enumerable.Range(0, count).Select(_ => Address(random)).ToArray();
        var units = Enumerable.Range(0, count).Select(_ => (long)random.Next(1, 1_000_000)).ToArray();
        var file = Path.Combine(work.Path, "values.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(accounts.Select((a, i) => new[] { ChainId.ToString(CultureInfo.InvariantCulture), Market, "7", a, units[i].ToString(CultureInfo.InvariantCulture) })));
        Time(accounts.Take(1000).ToArray(), units);
        var (ours, root) = Time(accounts, units);
        var reference = JsonDocument.Parse(await NodeJs.RunAsync("tests/reference/merkle-bench.mjs", TimeSpan.FromMinutes(30), file)).RootElement;
        var theirs = reference.GetProperty("ms").GetDouble() / 1000;
        if (reference.GetProperty("root").GetString() != root)
        {
            throw new InvalidOperationException($"the roots differ: ours {root}, @openzeppelin/merkle-tree {reference.GetProperty("root").GetString()}");
        }

        Console.WriteLine($"### Against @openzeppelin/merkle-tree, {count:N0} leaves, same run, same root");
        Console.WriteLine();
        Console.WriteLine("| leaves | ours | @openzeppelin/merkle-tree (in-process time) | ratio | target |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| {count:N0} | {ours:0.000} s | {theirs:0.00} s | {theirs / ours:0.0}× | ≥ 30× |");
    }

    private static (double Seconds, string Root) Time(string[] accounts, long[] units)
    {
        var watch = Stopwatch.StartNew();
        var leaves = new byte[accounts.Length][];
        Parallel.For(0, accounts.Length, i => leaves[i] = StandardMerkleTree.SharesLeaf(ChainId, Market, 7, accounts[i], units[i]));

        var tree = StandardMerkleTree.Of(leaves);
        var proofs = 0L;
        for (var i = 0; i < accounts.Length; i++)
        {
            proofs += tree.GetProof(i).Count;
        }

        watch.Stop();
        GC.KeepAlive(proofs);
        return (watch.Elapsed.TotalSeconds, "0x" + Convert.ToHexStringLower(tree.Root));
    }

    private static string Address(Random random)
    {
        var bytes = new byte[20];
        random.NextBytes(bytes);
        return "0x" + Convert.ToHexStringLower(bytes);
    }

    private static byte[] Hash(Random random)
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        return bytes;
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>A write-only stream that only counts.</summary>
    private sealed class CountingStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Position;

        public override long Position { get; set; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Position += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Position += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
