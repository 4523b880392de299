using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataUnion.Cli;
using DataUnion.Demo;
using DataUnion.Node.Tests.Contributions;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Testing;
using static DataUnion.Node.Tests.Contributions.ContributionClient;

// The fairness demo: face-api's six sample photos are contributed by six members with invented
// attributes, labeled by three members who draw the reviewed true boxes, and built into a version
// draft; face-api's two detectors run over the draft's images, and each gets a fairness report.
if (args is not ["--out", var outArgument])
{
    Console.Error.WriteLine("usage: DataUnion.Demo --out DIR");
    return 2;
}

var output = Path.GetFullPath(outArgument);
var photos = Path.Combine(RepositoryPaths.Root, "node_modules", "@vladmandic", "face-api", "demo");
var truthFile = Path.Combine(RepositoryPaths.Root, "scripts", "fairness-demo", "truth.json");
if (!File.Exists(Path.Combine(photos, "sample1.jpg")))
{
    Console.Error.WriteLine($"error: face-api's sample photos are not in {photos}; run the bootstrap (npm ci) first");
    return 1;
}

Directory.CreateDirectory(output);
var truth = JsonDocument.Parse(await File.ReadAllTextAsync(truthFile)).RootElement;
var clock = Stopwatch.StartNew();
void Say(string text) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[demo {clock.Elapsed.TotalSeconds,5:0.0} s] {text}"));

var chain = new HardhatChainFixture();
Say("starting a local Hardhat chain and deploying the contracts");
await chain.InitializeAsync();
using var work = new TempDirectory();
try
{
    await using var node = await LabelingNode.StartAsync(
        chain, work, ["--Labeling:MinSecondsPerItem=0", "--Fairness:MinContributors=2", .. Invented.Settings]);
    Say($"node up at {node.Node.BaseUrl}; the demo's attributes are invented: {string.Join(", ", Invented.Attributes.Keys)}");

    // Gold items with known boxes, for the labelers' qualification.
    for (var i = 0; i < 15; i++)
    {
        await node.AddImageAsync($"gold-{i}", gold: true, "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65", x: 10 + i);
    }

    // Six members, one photo each, each declaring invented attributes and signing the consent.
    var cids = new Dictionary<string, string>(StringComparer.Ordinal);
    foreach (var (photo, i) in Invented.Photos.Select((p, i) => (p, i)))
    {
        var (_, cid) = await ContributeAsync(node, photo, await File.ReadAllBytesAsync(Path.Combine(photos, photo)), Invented.Of(i));
        node.SetTruth(cid, [.. truth.GetProperty(photo).GetProperty("faces").EnumerateArray().Select(f => (object)new { label = "face", box = f.EnumerateArray().Select(v => v.GetDouble()).ToArray() })]);
        cids[cid] = photo;
    }

    Say($"{cids.Count} photos contributed with signed consent");

    // Three labelers qualify on gold, then draw the true boxes on every photo they are given.
    await node.LabelEverythingAsync(FinishedContributions.Labelers);
    Say("three labelers qualified on gold and labeled the photos");

    string[] connection = ["--api", node.Node.BaseUrl.ToString(), "--data-dir", node.Node.DataDirectory];
    await Cli(["version", "build", "--domain", "faces", "--price", "100", .. connection]);

    // The draft's COCO annotations and its images, as a detector's user would take them.
    using var annotations = await node.OperatorAsync(HttpMethod.Get, "/api/v1/versions/drafts/faces/annotations.json");
    annotations.EnsureSuccessStatusCode();
    var cocoFile = Path.Combine(output, "annotations.json");
    await File.WriteAllBytesAsync(cocoFile, await annotations.Content.ReadAsByteArrayAsync());
    var coco = JsonDocument.Parse(await File.ReadAllTextAsync(cocoFile)).RootElement;
    foreach (var image in coco.GetProperty("images").EnumerateArray())
    {
        var file = image.GetProperty("file_name").GetString()!;
        var cid = Path.GetFileNameWithoutExtension(file);
        using var bytes = await node.OperatorAsync(HttpMethod.Get, $"/ipfs/{cid}");
        bytes.EnsureSuccessStatusCode();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(output, file))!);
        await File.WriteAllBytesAsync(Path.Combine(output, file), await bytes.Content.ReadAsByteArrayAsync());
    }

    Say($"version draft built: {coco.GetProperty("images").GetArrayLength()} images, {coco.GetProperty("annotations").GetArrayLength()} faces");

    var reports = new List<(string Name, string Json)>();
    foreach (var (detector, title) in new[] { ("ssd", "SSD MobileNet v1"), ("tiny", "Tiny Face Detector") })
    {
        var predictions = Path.Combine(output, $"{detector}-predictions.json");
        var started = clock.Elapsed;
        await NodeJs.RunAsync("scripts/fairness-demo/detect.mjs", TimeSpan.FromMinutes(10), "--detector", detector, "--coco", cocoFile, "--images", output, "--out", predictions);
        var detections = JsonDocument.Parse(await File.ReadAllTextAsync(predictions)).RootElement.GetArrayLength();
        Say(string.Create(CultureInfo.InvariantCulture, $"{title}: {detections} detections in {(clock.Elapsed - started).TotalSeconds:0.0} s"));
        var json = Path.Combine(output, $"{detector}-report.json");
        await Cli(["fairness", "report", "--draft", "faces", "--predictions", predictions, "-o", Path.Combine(output, $"{detector}-report.html"), "--json", json, "--markdown", Path.Combine(output, $"{detector}-report.md"), .. connection]);
        reports.Add((title, json));
    }

    var page = Path.Combine(output, "index.html");
    var comparison = Comparison.Render([.. reports.Select(r => (r.Name, JsonDocument.Parse(File.ReadAllText(r.Json)).RootElement))], [.. reports.Select(r => Path.GetFileName(Path.ChangeExtension(r.Json, ".html")))]);
    await File.WriteAllTextAsync(page + ".tmp", comparison.Html);
    File.Move(page + ".tmp", page, overwrite: true);
    await File.WriteAllTextAsync(Path.Combine(output, "comparison.md"), comparison.Markdown);
    Console.WriteLine(comparison.Markdown);
    Say($"wrote {page}, the two reports beside it, and comparison.md");
    return 0;
}
finally
{
    await chain.DisposeAsync();
}

static async Task Cli(string[] args)
{
    using var output = new StringWriter();
    using var error = new StringWriter();
    var exit = await CliApp.RunAsync(args, output, error);
    if (exit != 0)
    {
        throw new InvalidOperationException($"dataunion {string.Join(' ', args.Take(2))} exited {exit}: {error}");
    }
}
