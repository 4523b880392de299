using System.Text.Json;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Testing;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace DataUnion.Web.Tests.Support;

/// <summary>
/// One person in Chromium: a fresh browser context with a <see cref="TestWallet"/> injected,
/// a page on a real node, and the steps every flow shares (connect, sign in, check a page with
/// axe, save a screenshot).
/// </summary>
internal sealed class WebSession : IAsyncDisposable
{
    private readonly List<string> _consoleErrors = [];

    private WebSession(IBrowserContext context, IPage page, TestWallet wallet, Uri baseUrl)
    {
        Context = context;
        Page = page;
        Wallet = wallet;
        BaseUrl = baseUrl;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_consoleErrors)
                {
                    _consoleErrors.Add(message.Text);
                }
            }
        };
    }

    /// <summary>Hardhat's development accounts 1–5 (public test keys): members in tests; account 0 is the operator.</summary>
    public static readonly string[] MemberKeys =
    [
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
    ];

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public TestWallet Wallet { get; }

    public Uri BaseUrl { get; }

    /// <summary>Console errors the page logged (a CSP violation is one).</summary>
    public IReadOnlyList<string> ConsoleErrors
    {
        get
        {
            lock (_consoleErrors)
            {
                return [.. _consoleErrors];
            }
        }
    }

    public static async Task<WebSession> OpenAsync(BrowserFixture browser, HardhatChainFixture chain, Uri baseUrl, string key, int width = 1280)
    {
        var context = await browser.NewContextAsync(width);
        var wallet = new TestWallet(key, chain);
        await wallet.InstallAsync(context);
        var page = await context.NewPageAsync();
        return new WebSession(context, page, wallet, baseUrl);
    }

    /// <summary>Opens a page of the app (<c>contribute</c>, <c>audit</c>, … or empty for home) and waits until it is ready.</summary>
    public async Task GoAsync(string route = "")
    {
        await Page.GotoAsync(new Uri(BaseUrl, "/#/" + route).ToString());
        await Page.WaitForSelectorAsync("body[data-ready=true]");
    }

    /// <summary>Connects the test wallet and signs in with Ethereum through the page.</summary>
    public async Task SignInAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Connect Test Wallet" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Ethereum" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).WaitForAsync();
    }

    /// <summary>The member session the page holds.</summary>
    public async Task<string> SessionTokenAsync()
    {
        var stored = await Page.EvaluateAsync<string?>("() => sessionStorage.getItem('dataunion.session')");
        Assert.NotNull(stored);
        return JsonDocument.Parse(stored).RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>Runs axe-core on the page and fails on any serious or critical violation.</summary>
    public async Task AssertAccessibleAsync()
    {
        var result = await Page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, string.Join("\n", bad.Select(v => $"{v.Impact} {v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))})")));
    }

    /// <summary>Fails when the page is wider than its viewport (a phone would scroll sideways).</summary>
    public async Task AssertFitsWidthAsync()
    {
        var widths = await Page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"the page is {widths[0]} px wide in a {widths[1]} px viewport");
    }

    /// <summary>Drops files on the element with <paramref name="zoneId"/>, as a drag from the desktop does.</summary>
    public Task DropFilesAsync(string zoneId, params (string Name, string Type, byte[] Bytes)[] files) =>
        Page.EvaluateAsync(
            """
            ([zone, files]) => {
              const transfer = new DataTransfer();
              for (const f of files) transfer.items.add(new File([Uint8Array.from(atob(f.data), c => c.charCodeAt(0))], f.name, { type: f.type }));
              document.getElementById(zone).dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
            }
            """,
            new object[] { zoneId, files.Select(f => new { name = f.Name, type = f.Type, data = Convert.ToBase64String(f.Bytes) }).ToArray() });

    /// <summary>A mouse drag on the labeling canvas between two points given in image pixels.</summary>
    public async Task DragOnCanvasAsync((double X, double Y) from, (double X, double Y) to)
    {
        var canvas = Page.Locator("canvas.board");
        await canvas.ScrollIntoViewIfNeededAsync();
        var bounds = (await canvas.BoundingBoxAsync())!;
        var view = await CanvasViewAsync();
        (float, float) Screen((double X, double Y) p) => ((float)(bounds.X + view.X + (p.X * view.Scale)), (float)(bounds.Y + view.Y + (p.Y * view.Scale)));
        var (x0, y0) = Screen(from);
        var (x1, y1) = Screen(to);
        await Page.Mouse.MoveAsync(x0, y0);
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync(x1, y1, new() { Steps = 5 });
        await Page.Mouse.UpAsync();
    }

    /// <summary>The canvas's view: image pixels to CSS pixels (scale, then offset).</summary>
    public async Task<(double Scale, double X, double Y)> CanvasViewAsync()
    {
        await Page.WaitForFunctionAsync("() => document.querySelector('canvas.board')?.dataset.view");
        var view = JsonDocument.Parse((await Page.Locator("canvas.board").GetAttributeAsync("data-view"))!).RootElement;
        return (view.GetProperty("scale").GetDouble(), view.GetProperty("x").GetDouble(), view.GetProperty("y").GetDouble());
    }

    /// <summary>Saves a full-page screenshot as a test artifact.</summary>
    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
