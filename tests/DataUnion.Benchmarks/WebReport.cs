using System.Globalization;
using System.Text.Json;
using DataUnion.Testing;
using Microsoft.Playwright;
using Nethereum.Signer;
using SkiaSharp;

namespace DataUnion.Benchmarks;

/// <summary>
/// The web app in Debian's Chromium against the node in Release on a local Hardhat chain, on
/// loopback: the first load of each page to interactive (the app's own "dataunion-ready" mark,
/// from navigation start, a fresh browser context each time so nothing is cached) with the
/// compressed script it transferred; and the labeling canvas with 200 boxes while one is dragged:
/// the script work of each frame (the pointer moves since the last frame and the paint, the
/// canvas's own "box-editor-frame" measures).
/// </summary>
internal static class WebReport
{
    private static readonly string[] Pages = ["", "contribute", "label", "buy", "shares", "audit", "operator"];

    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var loads = Option(args, "--loads", 7);
        var boxes = Option(args, "--boxes", 200);
        var work = Path.Combine(Path.GetTempPath(), "dataunion-web-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var chain = new HardhatChainFixture();
        await chain.InitializeAsync();
        try
        {
            await using var node = await MembersReport.Node.StartAsync(chain, Path.Combine(work, "node"));
            await node.OperatorAsync(HttpMethod.Put, "/api/v1/labeling/domains/faces", new { classes = new { face = 0.5 }, qualificationSize = 3, goldRatio = 0.25 });
            for (var i = 0; i < 10; i++)
            {
                var cid = await node.AddAsync($"photo-{i}.png", Photo(i));
                await node.OperatorAsync(HttpMethod.Post, "/api/v1/labeling/domains/faces/images",
                    new { image = cid, width = 1024, height = 768, contributor = "0x90F79bf6EB2c4f870365E785982E1f101E93b906", gold = new[] { new { label = "face", box = new double[] { 100, 100, 200, 200 } } } });
            }

            var wallet = EthECKey.GenerateKey();
            var session = await node.SignInAsync(chain, wallet);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = Flags, Headless = true });
            var baseUrl = node.Http.BaseAddress!.ToString();

            Console.WriteLine("## Web app");
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Chromium {browser.Version}, headless, on loopback; {loads} cold loads per page (a fresh context each), median and slowest."));
            Console.WriteLine();
            Console.WriteLine("| page | to interactive, median | slowest | script transferred (compressed) |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var page in Pages)
            {
                var times = new List<double>();
                long script = 0;
                for (var i = 0; i < loads; i++)
                {
                    await using var context = await browser.NewContextAsync();
                    var tab = await context.NewPageAsync();
                    await tab.GotoAsync(baseUrl + "#/" + page);
                    await tab.WaitForSelectorAsync("body[data-ready=true]");
                    var measured = await tab.EvaluateAsync<double[]>(
                        """
                        () => [performance.getEntriesByName('dataunion-ready')[0].startTime,
                               performance.getEntriesByType('resource').filter(r => r.initiatorType === 'script' || r.name.endsWith('.js')).reduce((s, r) => s + r.encodedBodySize, 0)]
                        """);
                    times.Add(measured[0]);
                    script = (long)measured[1];
                }

                times.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {(page.Length == 0 ? "home" : page)} | {times[times.Count / 2]:F0} ms | {times[^1]:F0} ms | {script / 1024.0:F1} KiB |"));
            }

            Console.WriteLine();
            var frames = await CanvasFramesAsync(browser, baseUrl, wallet.GetPublicAddress(), session, chain.ChainId, boxes);
            frames.Sort();
            double Percentile(double p) => frames[Math.Min(frames.Count - 1, (int)Math.Ceiling(p * frames.Count) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Labeling canvas (1024×768 image, {boxes} boxes, one dragged across it in 120 pointer moves): {frames.Count} frames; script work per frame p50 {Percentile(0.5):F2} ms, p95 {Percentile(0.95):F2} ms, max {frames[^1]:F2} ms (target p95 ≤ 16 ms)."));
            return 0;
        }
        finally
        {
            await chain.DisposeAsync();
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<List<double>> CanvasFramesAsync(IBrowser browser, string baseUrl, string address, string session, long chainId, int boxes)
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 1000 } });
        // A wallet that only answers for its account and chain, and the session signed in outside the page.
        await context.AddInitScriptAsync($$"""
            (() => {
              sessionStorage.setItem('dataunion.session', JSON.stringify({ address: '{{address}}', token: '{{session}}', expiresAt: new Date(Date.now() + 3600000).toISOString() }));
              const provider = { request: async ({ method }) => method === 'eth_chainId' ? '0x{{chainId.ToString("x", CultureInfo.InvariantCulture)}}' : ['{{address}}'], on() {} };
              const info = { uuid: 'a7d1b6e4-0f1e-4c8e-9d8b-3c7f0e6b2a55', name: 'Benchmark Wallet', rdns: 'org.dataunion.bench', icon: 'data:,' };
              const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: { info, provider } }));
              window.addEventListener('eip6963:requestProvider', announce);
            })();
            """);
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "#/label");
        await page.WaitForSelectorAsync("body[data-ready=true]");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Benchmark Wallet" }).ClickAsync();
        await page.Locator("#start").ClickAsync();
        var canvas = page.Locator("canvas.board");
        await canvas.WaitForAsync();
        var bounds = (await canvas.BoundingBoxAsync())!;
        var view = JsonDocument.Parse((await canvas.GetAttributeAsync("data-view"))!).RootElement;
        var (scale, ox, oy) = (view.GetProperty("scale").GetDouble(), view.GetProperty("x").GetDouble(), view.GetProperty("y").GetDouble());
        (float X, float Y) Screen(double x, double y) => ((float)(bounds.X + ox + (x * scale)), (float)(bounds.Y + oy + (y * scale)));

        // 200 boxes in a 20 × 10 grid, each drawn with the mouse.
        for (var i = 0; i < boxes; i++)
        {
            var (x, y) = (20 + (i % 20 * 50), 20 + (i / 20 % 10 * 70));
            var from = Screen(x, y);
            var to = Screen(x + 30, y + 40);
            await page.Mouse.MoveAsync(from.X, from.Y);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(to.X, to.Y, new() { Steps = 2 });
            await page.Mouse.UpAsync();
        }

        await page.EvaluateAsync("() => performance.clearMeasures('box-editor-frame')");
        var start = Screen(35, 40);
        var end = Screen(935, 640);
        await page.Mouse.MoveAsync(start.X, start.Y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(end.X, end.Y, new() { Steps = 120 });
        await page.Mouse.UpAsync();
        await page.WaitForTimeoutAsync(100);
        return [.. await page.EvaluateAsync<double[]>("() => performance.getEntriesByName('box-editor-frame').map(e => e.duration)")];
    }

    private static byte[] Photo(int i)
    {
        using var bitmap = new SKBitmap(1024, 768);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor((byte)(30 + (i * 20)), 70, 110));
            using var paint = new SKPaint { Color = new SKColor(240, 200, 170) };
            canvas.DrawOval(new SKRect(100, 100, 300, 300), paint);
        }

        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
