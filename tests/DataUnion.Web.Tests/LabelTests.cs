using System.Net.Http.Headers;
using System.Text.Json;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;
using DataUnion.Web.Tests.Support;
using Microsoft.Playwright;
using SkiaSharp;

namespace DataUnion.Web.Tests;

[Collection(HardhatChainCollection.Name)]
public sealed class LabelTests(HardhatChainFixture chain, BrowserFixture browser) : BrowserTests(chain, browser)
{
    private const int Width = 200;
    private const int Height = 100;
    private readonly Dictionary<string, double[]> _truth = new(StringComparer.Ordinal);

    // A person spends seconds per image; the node refuses faster answers unless told otherwise.
    protected override string[] NodeSettings => ["--Labeling:MinSecondsPerItem=0.01"];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        for (var i = 0; i < 8; i++)
        {
            await AddImageAsync(i, gold: i < 4);
        }
    }

    [Fact]
    public async Task Labeler_QualifiesByDrawingBoxesWithTheMouse_AndTheNodeGradesThem()
    {
        await using var web = await OpenAsync();
        Assert.Contains("Qualifying: your first bundles are check items", await web.Page.Locator("#qualification").InnerTextAsync(), StringComparison.Ordinal);

        for (var round = 0; round < 4 && !(await web.Page.Locator("#qualification").InnerTextAsync()).StartsWith("Qualified", StringComparison.Ordinal); round++)
        {
            await web.Page.Locator("#start").ClickAsync();
            await LabelBundleAsync(web);
            await web.Page.Locator("#submit").ClickAsync();
            await web.Page.Locator(".notice").First.WaitForAsync();
            Assert.Contains("Bundle submitted", await web.Page.Locator(".notice").First.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("Your answers on the check items matched the experts'", await web.Page.Locator(".notice").InnerTextAsync(), StringComparison.Ordinal);
            await web.Page.Locator("#qualification").WaitForAsync();
        }

        await Assertions.Expect(web.Page.Locator("#qualification")).ToContainTextAsync("Qualified");
        var me = await LabelerAsync(web);
        Assert.Equal("Qualified", me.GetProperty("qualification").GetProperty("state").GetString());
        Assert.True(me.GetProperty("qualification").GetProperty("match").GetProperty("meanIoU").GetDouble() > 0.8);
        await web.AssertAccessibleAsync();
        await web.ScreenshotAsync("label-feedback");

        // Qualified, the labeler's boxes on real images count.
        var counted = me.GetProperty("counted").GetInt32();
        await web.Page.Locator("#start").ClickAsync();
        await LabelBundleAsync(web);
        await web.Page.Locator("#submit").ClickAsync();
        await Assertions.Expect(web.Page.Locator(".notice").First).ToContainTextAsync("Bundle submitted");
        var after = await LabelerAsync(web);
        Assert.True(after.GetProperty("counted").GetInt32() > counted, $"answers counted: {counted} before, {after.GetProperty("counted").GetInt32()} after");
    }

    [Fact]
    public async Task Boxes_AreMovedResizedRelabeledAndDeleted_WithUndoAndRedo()
    {
        using (var domain = await Node.OperatorAsync(HttpMethod.Put, "/api/v1/labeling/domains/faces",
            new { classes = new { face = 0.5, hand = 0.5 }, qualificationSize = 3, goldRatio = 0.25 }))
        {
            domain.EnsureSuccessStatusCode();
        }

        await using var web = await OpenAsync();
        await web.Page.Locator("#start").ClickAsync();
        await web.Page.Locator("canvas.board").WaitForAsync();

        await web.DragOnCanvasAsync((20, 20), (60, 60));
        await Assertions.Expect(Cells(web, 1)).ToHaveTextAsync(["20", "20", "40", "40"]);
        await web.DragOnCanvasAsync((40, 40), (70, 50));
        await Assertions.Expect(Cells(web, 1)).ToHaveTextAsync(["50", "30", "40", "40"]);
        await web.DragOnCanvasAsync((90, 70), (110, 80));
        await Assertions.Expect(Cells(web, 1)).ToHaveTextAsync(["50", "30", "60", "50"]);
        await web.Page.Keyboard.PressAsync("2");
        await Assertions.Expect(web.Page.Locator("table.boxes tbody tr select")).ToHaveValueAsync("hand");

        await web.Page.Keyboard.PressAsync("Control+z");
        await web.Page.Keyboard.PressAsync("Control+z");
        await Assertions.Expect(Cells(web, 1)).ToHaveTextAsync(["50", "30", "40", "40"]);
        await web.Page.Keyboard.PressAsync("Control+Shift+Z");
        await Assertions.Expect(Cells(web, 1)).ToHaveTextAsync(["50", "30", "60", "50"]);

        await web.DragOnCanvasAsync((150, 10), (190, 30));
        Assert.Equal(2, await web.Page.Locator("table.boxes tbody tr").CountAsync());
        await web.Page.Keyboard.PressAsync("Delete");
        await Assertions.Expect(web.Page.Locator("table.boxes tbody tr")).ToHaveCountAsync(1);

        // Zoom in around the centre and pan: boxes keep their image coordinates.
        await web.Page.Keyboard.PressAsync("+");
        await web.Page.Keyboard.DownAsync("Space");
        await web.DragOnCanvasAsync((100, 50), (90, 45));
        await web.Page.Keyboard.UpAsync("Space");
        await Assertions.Expect(Cells(web, 1)).ToHaveTextAsync(["50", "30", "60", "50"]);
        Assert.True((await web.CanvasViewAsync()).Scale > 4, "the view zoomed in");
    }

    [Fact]
    public async Task OnAPhone_TheLabelingPageFitsItsWidth_AndStaysAccessible()
    {
        await using var web = await OpenAsync(width: 375);
        await web.Page.Locator("#start").ClickAsync();
        await web.Page.Locator("canvas.board").WaitForAsync();
        await web.DragOnCanvasAsync((20, 20), (60, 60));
        await web.AssertFitsWidthAsync();
        await web.AssertAccessibleAsync();
        await web.ScreenshotAsync("label-375");
    }

    private async Task<WebSession> OpenAsync(int width = 1280)
    {
        var web = await OpenAsync(WebSession.MemberKeys[2], width);
        await web.GoAsync("label");
        await web.SignInAsync();
        await web.Page.Locator("#qualification").WaitForAsync();
        return web;
    }

    /// <summary>Draws the true box on every image of the open bundle, moving on with the N key.</summary>
    private async Task LabelBundleAsync(WebSession web)
    {
        var canvas = web.Page.Locator("canvas.board");
        await canvas.WaitForAsync();
        var count = int.Parse((await web.Page.Locator("#position").InnerTextAsync()).Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++)
        {
            var image = await canvas.GetAttributeAsync("data-image");
            var box = _truth[image!];
            await web.DragOnCanvasAsync((box[0], box[1]), (box[0] + box[2], box[1] + box[3]));
            if (i == 0)
            {
                await web.ScreenshotAsync("label");
            }

            await web.Page.Keyboard.PressAsync("n");
        }
    }

    private static ILocator Cells(WebSession web, int row) =>
        web.Page.Locator($"table.boxes tbody tr:nth-child({row}) td.n");

    private async Task<JsonElement> LabelerAsync(WebSession web)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/labeling/domains/faces/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await web.SessionTokenAsync());
        using var response = await Node.Node.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>A real PNG with one light "face" at a known place, pinned and put up for labeling.</summary>
    private async Task AddImageAsync(int i, bool gold)
    {
        double[] box = [20 + (i * 15), 20 + (i * 5 % 30), 40, 40];
        using var bitmap = new SKBitmap(Width, Height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor((byte)(40 + (i * 20)), 60, 90));
            using var paint = new SKPaint { Color = new SKColor(240, 200, 170) };
            canvas.DrawOval(new SKRect((float)box[0], (float)box[1], (float)(box[0] + box[2]), (float)(box[1] + box[3])), paint);
        }

        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using var add = Node.Node.OperatorRequest(HttpMethod.Post, "/api/v0/add?cid-version=1&raw-leaves=true");
        add.Content = Multipart.Files(($"face-{i}.png", png.ToArray()));
        using var added = await Node.Node.Http.SendAsync(add);
        added.EnsureSuccessStatusCode();
        var cid = JsonDocument.Parse(await added.Content.ReadAsStringAsync()).RootElement.GetProperty("Hash").GetString()!;
        object[] face = [new { label = "face", box }];
        using var response = await Node.OperatorAsync(HttpMethod.Post, "/api/v1/labeling/domains/faces/images",
            new { image = cid, width = Width, height = Height, contributor = "0x90F79bf6EB2c4f870365E785982E1f101E93b906", gold = gold ? face : null });
        response.EnsureSuccessStatusCode();
        _truth[cid] = box;
    }
}
