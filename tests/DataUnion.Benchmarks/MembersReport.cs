using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DataUnion.Chain.Signing;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Store;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Node.Contributions;
using DataUnion.Node.Hosting;
using DataUnion.Storage;
using DataUnion.Storage.Pins;
using DataUnion.Testing;
using DataUnion.Testing.Images;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Nethereum.Signer;
using SkiaSharp;

namespace DataUnion.Benchmarks;

/// <summary>
/// The member API under load, on loopback against the node in Release on a local Hardhat chain:
/// contribution uploads end to end (validate, strip, pin, durable) against the bare durable ingest
/// of the same files in the same run, and many members at once fetching bundles and answering.
/// </summary>
internal static class MembersReport
{
    private const string Domain = "faces";

    public static async Task<int> RunAsync(string[] args)
    {
        var members = Option(args, "--members", 200);
        var rounds = Option(args, "--rounds", 3);
        var uploads = Option(args, "--uploads", 300);
        var uploaders = Option(args, "--uploaders", 8);
        var chain = new HardhatChainFixture();
        await chain.InitializeAsync();
        var work = Path.Combine(Path.GetTempPath(), "dataunion-members-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            Console.WriteLine($"# Member API benchmark: {Environment.ProcessorCount} cores, node in-process (Release), loopback HTTP");
            Console.WriteLine();
            await using var node = await Node.StartAsync(chain, Path.Combine(work, "node"));
            await node.OperatorAsync(HttpMethod.Put, $"/api/v1/labeling/domains/{Domain}", new { classes = new { face = 0.5 }, qualificationSize = 3, goldRatio = 0.1, minOverlap = 3, maxOverlap = 3 });
            await MeasureUploadsAsync(node, chain, work, uploads, uploaders, rounds);
            await MeasureLabelingAsync(node, chain, members, rounds);
            return 0;
        }
        finally
        {
            await chain.DisposeAsync();
            Directory.Delete(work, recursive: true);
        }
    }

    // ---- Uploads ----------------------------------------------------------------------------

    private static async Task MeasureUploadsAsync(Node node, HardhatChainFixture chain, string work, int count, int uploaders, int rounds)
    {
        var sessions = new List<string>();
        for (var i = 0; i < uploaders; i++)
        {
            sessions.Add(await node.SignInAsync(chain, EthECKey.GenerateKey()));
        }

        var batches = Enumerable.Range(0, rounds + 1).Select(r => Photos(count, seed: r)).ToList();
        var sizes = batches.SelectMany(b => b).Select(f => f.Length).ToList();
        using (var probe = SKCodec.Create(new MemoryStream(batches[0][0])))
        {
            Console.WriteLine($"## Contribution uploads: {count} JPEGs per round, {sizes.Average() / 1024:0} KiB on average ({sizes.Min() / 1024}–{sizes.Max() / 1024} KiB), {probe.Info.Width}×{probe.Info.Height} pixels, with EXIF (GPS) and XMP; {uploaders} members uploading one image per request");
        }

        Console.WriteLine();

        // A warm-up round on its own files, then interleaved rounds; each round's files are new to the node.
        await UploadAllAsync(node, sessions, batches[0]);
        var bare = new List<double>();
        var full = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            bare.Add(await BareIngestAsync(work, batches[round], uploaders));
            full.Add(await UploadAllAsync(node, sessions, batches[round]));
        }

        var intake = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            Parallel.ForEach(batches[round], new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, file => ImageIntake.Accept(file, new ImageLimits()));
            intake.Add(watch.Elapsed.TotalSeconds);
        }

        var bareMedian = Median(bare);
        var fullMedian = Median(full);
        Console.WriteLine("| what | seconds (median) | fastest – slowest round | images/s |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| bare durable ingest: the files added and pinned in a fresh store, {uploaders} at a time (the reference) | {bareMedian:0.00} | {bare.Min():0.00} – {bare.Max():0.00} | {count / bareMedian:0} |");
        Console.WriteLine($"| intake alone, in memory on every core: sniff, strip, header limits, full decode (no HTTP, no store) | {Median(intake):0.00} | {intake.Min():0.00} – {intake.Max():0.00} | {count / Median(intake):0} |");
        Console.WriteLine($"| uploads over HTTP: sniff, strip, header limits, full decode, pin, durable, recorded | {fullMedian:0.00} | {full.Min():0.00} – {full.Max():0.00} | {count / fullMedian:0} |");
        Console.WriteLine();
        var floor = bareMedian + Median(intake);
        Console.WriteLine($"Uploads run at **{bareMedian / fullMedian:0.00}×** the bare durable ingest ({count / fullMedian:0} images/s), and at "
            + $"**{floor / fullMedian:0.00}×** the least an upload must do, intake and ingest back to back on every core ({count / floor:0} images/s).");
        Console.WriteLine();
    }

    private static async Task<double> UploadAllAsync(Node node, List<string> sessions, byte[][] files)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(sessions.Select(async session =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < files.Length)
            {
                using var form = new MultipartFormDataContent { { new StringContent(Domain), "domain" } };
                var part = new ByteArrayContent(files[index]);
                part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                form.Add(part, "file", $"photo-{index}.jpg");
                using var response = await node.SendAsync(session, HttpMethod.Post, "/api/v1/contributions", form);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"upload {index}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> BareIngestAsync(string work, byte[][] files, int workers)
    {
        var directory = Path.Combine(work, "bare-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = NodeDatabase.Open(Path.Combine(directory, "node.db"), TimeProvider.System);
        var blocks = BlockStores.Open(Path.Combine(directory, "blocks"), BlockStoreLayout.Packed);
        try
        {
            var store = new IpfsStore(blocks, new LiteDbPinStore(database), TimeProvider.System);
            var watch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = workers }, async (file, ct) =>
                await store.AddFileAsync(new MemoryStream(file), ImportOptions.KuboCidV1, pinFor: PinOwner.KuboRpc, cancellationToken: ct));
            return watch.Elapsed.TotalSeconds;
        }
        finally
        {
            database.Dispose();
            blocks.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Photos of about 300 KiB: a scene of gradients and shapes with mild sensor noise, 1024×768 at
    /// JPEG quality 85 (about a phone photo's bytes per pixel), with an EXIF block (orientation,
    /// GPS) and XMP after the JFIF segment, as phones write them.
    /// </summary>
    private static byte[][] Photos(int count, int seed)
    {
        var photos = new byte[count][];
        Parallel.For(0, count, i =>
        {
            var random = new Random((seed * 100_000) + i);
            using var bitmap = new SKBitmap(1024, 768);
            using (var canvas = new SKCanvas(bitmap))
            {
                using var sky = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, 768),
                    [new SKColor((byte)random.Next(256), (byte)random.Next(256), 230), new SKColor(90, (byte)random.Next(256), 60)], SKShaderTileMode.Clamp);
                using var paint = new SKPaint { Shader = sky };
                canvas.DrawRect(0, 0, 1024, 768, paint);
                using var shape = new SKPaint { IsAntialias = true };
                for (var k = 0; k < 120; k++)
                {
                    shape.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(80, 256));
                    canvas.DrawCircle(random.Next(1024), random.Next(768), random.Next(4, 60), shape);
                }
            }

            var pixels = bitmap.GetPixelSpan();
            var noise = new Random(i);
            unsafe
            {
                fixed (byte* p = pixels)
                {
                    var span = new Span<byte>(p, pixels.Length);
                    for (var b = 0; b < span.Length; b++)
                    {
                        if ((b & 3) != 3)
                        {
                            span[b] = (byte)Math.Clamp(span[b] + noise.Next(-24, 25), 0, 255);
                        }
                    }
                }
            }

            using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 85);
            var jpeg = data.ToArray();
            var afterApp0 = jpeg[2] == 0xFF && jpeg[3] == 0xE0 ? 4 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(4)) : 2;
            byte[] metadata =
            [
                .. ImageFixtures.JpegSegment(0xE1, [.. "Exif\0\0"u8, .. ImageFixtures.Exif(6)]),
                .. ImageFixtures.JpegSegment(0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. System.Text.Encoding.UTF8.GetBytes(ImageFixtures.Xmp)]),
            ];
            photos[i] = [.. jpeg[..afterApp0], .. metadata, .. jpeg[afterApp0..]];
        });
        return photos;
    }

    // ---- Labeling --------------------------------------------------------------------------

    private static async Task MeasureLabelingAsync(Node node, HardhatChainFixture chain, int members, int rounds)
    {
        var truth = new ConcurrentDictionary<string, double[]>(StringComparer.Ordinal);
        var goldCount = 3 + (2 * rounds) + 10;
        var realCount = (2 * members * rounds * 9 / 3) + 200;
        var setup = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, goldCount + realCount), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var gold = i < goldCount;
            var box = new double[] { 10 + (i % 50), 20, 40, 40 };
            var cid = await node.AddAsync($"labeling-{i}", DeterministicBytes.Generate($"labeling-{i}", 2000));
            truth[cid] = box;
            await node.OperatorAsync(HttpMethod.Post, $"/api/v1/labeling/domains/{Domain}/images", new
            {
                image = cid,
                width = 200,
                height = 100,
                contributor = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65",
                gold = gold ? new[] { new { label = "face", box } } : null,
            });
        });

        // Sign in and qualify every member (not timed).
        var sessions = new string[members];
        await Parallel.ForEachAsync(Enumerable.Range(0, members), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (m, _) =>
        {
            sessions[m] = await node.SignInAsync(chain, EthECKey.GenerateKey());
            for (var round = 0; round < 5; round++)
            {
                var (bundle, _) = await BundleAsync(node, sessions[m]);
                await AnswerAsync(node, sessions[m], bundle, truth);
                using var me = await node.SendAsync(sessions[m], HttpMethod.Get, $"/api/v1/labeling/domains/{Domain}/me");
                if ((await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("qualification").GetProperty("state").GetString() == "Qualified")
                {
                    return;
                }
            }

            throw new InvalidOperationException($"member {m} did not qualify");
        });
        Console.WriteLine($"## Labeling: {members} members at once, {rounds} rounds each of fetching a bundle of 10 and answering it");
        Console.WriteLine();
        Console.WriteLine($"Set up {goldCount} gold and {realCount} real images and qualified {members} members in {setup.Elapsed.TotalSeconds:0} s (not timed below).");
        Console.WriteLine();
        Console.WriteLine("| load | requests | p50 ms | p90 ms | p99 ms | max ms | requests/s |");
        Console.WriteLine("|---|---|---|---|---|---|---|");

        // As people label: a member looks at a bundle for the node's minimum answer time (2 s an
        // item by default, 20 s a bundle, jittered ±25 %) before answering, and asks for the next
        // one straight away. The members start spread over one bundle's time, as they would.
        await RunLoadAsync("as people label (20 s a bundle)", sessions, rounds, node, truth, TimeSpan.FromSeconds(20));

        // Saturation: no pause at all, every member asking again the moment they are answered.
        await RunLoadAsync("no pause (saturation)", sessions, rounds, node, truth, TimeSpan.Zero);
        Console.WriteLine();
    }

    private static async Task RunLoadAsync(string name, string[] sessions, int rounds, Node node, ConcurrentDictionary<string, double[]> truth, TimeSpan perBundle)
    {
        var times = new ConcurrentBag<double>();
        var start = new TaskCompletionSource();
        var workers = sessions.Select(async (session, m) =>
        {
            var random = new Random(m);
            await start.Task;
            await Task.Delay(perBundle * random.NextDouble());
            for (var round = 0; round < rounds; round++)
            {
                var (bundle, bundleMs) = await BundleAsync(node, session);
                times.Add(bundleMs);
                await Task.Delay(perBundle * (0.75 + (0.5 * random.NextDouble())));
                times.Add(await AnswerAsync(node, session, bundle, truth));
            }
        }).ToList();
        var watch = Stopwatch.StartNew();
        start.SetResult();
        await Task.WhenAll(workers);
        var seconds = watch.Elapsed.TotalSeconds;
        var all = times.ToList();
        Console.WriteLine($"| {name} | {all.Count} | {Percentile(all, 0.5):0.0} | {Percentile(all, 0.9):0.0} | {Percentile(all, 0.99):0.0} | {all.Max():0.0} | {all.Count / seconds:0} |");
    }

    private static async Task<(JsonElement Bundle, double Milliseconds)> BundleAsync(Node node, string session)
    {
        var watch = Stopwatch.StartNew();
        using var response = await node.SendAsync(session, HttpMethod.Post, $"/api/v1/labeling/domains/{Domain}/bundles");
        var body = await response.Content.ReadAsStringAsync();
        var ms = watch.Elapsed.TotalMilliseconds;
        return response.IsSuccessStatusCode
            ? (JsonDocument.Parse(body).RootElement.Clone(), ms)
            : throw new InvalidOperationException($"bundle: {(int)response.StatusCode} {body}");
    }

    private static async Task<double> AnswerAsync(Node node, string session, JsonElement bundle, ConcurrentDictionary<string, double[]> truth)
    {
        var answers = bundle.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("image").GetString()!)
            .Select(cid => new { image = cid, boxes = new[] { new { label = "face", box = truth[cid] } } }).ToList();
        var watch = Stopwatch.StartNew();
        using var response = await node.SendAsync(session, HttpMethod.Post, $"/api/v1/labeling/bundles/{bundle.GetProperty("id").GetString()}/answers", JsonContent.Create(new { answers }));
        var body = await response.Content.ReadAsStringAsync();
        var ms = watch.Elapsed.TotalMilliseconds;
        return response.IsSuccessStatusCode ? ms : throw new InvalidOperationException($"answers: {(int)response.StatusCode} {body}");
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The node, in this process, on a free loopback port, with limits raised for the load.</summary>
    internal sealed class Node : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly string _operatorToken;

        private Node(WebApplication app, string dataDirectory)
        {
            _app = app;
            _operatorToken = File.ReadAllText(Path.Combine(dataDirectory, "operator.token")).Trim();
            var address = app.Urls.First();
            Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 }) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
        }

        public HttpClient Http { get; }

        public static async Task<Node> StartAsync(HardhatChainFixture chain, string dataDirectory)
        {
            var app = NodeApp.Build(
            [
                $"--Node:DataDirectory={dataDirectory}",
                "--Http:Port=0",
                $"--Chain:RpcUrl={chain.RpcUrl}",
                $"--Chain:DeploymentRecordPath={chain.DeploymentRecordPath}",
                "--Serilog:MinimumLevel:Default=Warning",
                "--Labeling:MinSecondsPerItem=0",
                "--Labeling:BundleSize=10",
                "--RateLimits:SignInPerMinute=1000000",
                "--RateLimits:AnonymousPerMinute=1000000",
                "--RateLimits:UploadsPerMinute=1000000",
                "--RateLimits:AnswersPerMinute=1000000",
            ], environment: _ => null);
            await app.StartAsync();
            return new Node(app, dataDirectory);
        }

        public async Task<HttpResponseMessage> SendAsync(string? bearer, HttpMethod method, string path, HttpContent? content = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            if (bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            return await Http.SendAsync(request);
        }

        public async Task OperatorAsync(HttpMethod method, string path, object body)
        {
            using var response = await SendAsync(_operatorToken, method, path, JsonContent.Create(body));
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        public async Task<string> AddAsync(string name, byte[] bytes)
        {
            using var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent(bytes), "file", name);
            using var response = await SendAsync(_operatorToken, HttpMethod.Post, "/api/v0/add", form);
            response.EnsureSuccessStatusCode();
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("Hash").GetString()!;
        }

        public async Task<string> SignInAsync(HardhatChainFixture chain, EthECKey wallet)
        {
            using var nonceResponse = await Http.PostAsync(new Uri("/api/v1/auth/nonce", UriKind.Relative), null);
            var nonce = (await nonceResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nonce").GetString()!;
            var now = TimeProvider.System.GetUtcNow();
            var text = new SiweMessage(Http.BaseAddress!.Authority, wallet.GetPublicAddress(), "Sign in.", Http.BaseAddress!.ToString(),
                chain.ChainId, nonce, now, ExpirationTime: now.AddHours(1)).ToString();
            using var response = await Http.PostAsJsonAsync(new Uri("/api/v1/auth/siwe", UriKind.Relative), new { message = text, signature = PersonalSign.Sign(text, wallet) });
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
