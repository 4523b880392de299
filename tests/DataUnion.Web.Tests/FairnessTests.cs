using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DataUnion.Cli.Tests;
using DataUnion.Node.Tests.Contributions;
using DataUnion.Testing;
using DataUnion.Web.Tests.Support;
using Microsoft.Playwright;

namespace DataUnion.Web.Tests;

/// <summary>
/// The fairness page on a published version of seven photos: three contributors declared a light
/// skin tone, three a dark one, one nothing. With k = 3 the lone undeclared photo is withheld.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class FairnessTests(HardhatChainFixture chain, BrowserFixture browser) : BrowserTests(chain, browser)
{
    private static readonly string?[] Tones = ["light", "dark", "light", "dark", "light", "dark", null];
    private List<string> _cids = null!;
    private JsonElement _coco;
    private long _version;

    protected override string[] NodeSettings =>
    [
        "--Labeling:MinSecondsPerItem=0", "--Fairness:MinContributors=3", "--Fairness:BootstrapResamples=100",
        "--Contributions:Attributes:tone:0=light", "--Contributions:Attributes:tone:1=dark",
    ];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _cids = await DeclaredContributions.CreateAsync(Node, Tones);
        _version = await MarketSetup.BuildAsync(Node, "1000");
        using var coco = await Node.OperatorAsync(HttpMethod.Get, "/api/v1/versions/drafts/faces/annotations.json");
        _coco = await coco.Content.ReadFromJsonAsync<JsonElement>();
        await MarketSetup.PublishDraftAsync(Node, _version);
    }

    [Fact]
    public async Task Anyone_SeesWhoAVersionRepresents_AndNoFigureOnThePageGivesAwayTheWithheldOne()
    {
        await using var web = await OpenAsync(WebSession.MemberKeys[0]);
        await web.GoAsync($"fairness/{_version}");

        var table = web.Page.Locator("table[data-attribute=tone]");
        await Assertions.Expect(table.Locator("tr[data-group=light] td").First).ToHaveTextAsync("3");
        await Assertions.Expect(table.Locator("tr[data-group=dark] td").First).ToHaveTextAsync("3");
        await Assertions.Expect(table.Locator("tr[data-group=unanswered] td").First).ToHaveTextAsync("withheld");

        // The lone undeclared photo cannot be worked out from what is shown: the version's image
        // count is public (the page says it), so a second figure of the table is withheld with it.
        Assert.Contains("7 images", await web.Page.Locator("#fairness-report").InnerTextAsync(), StringComparison.Ordinal);
        var withheld = await table.Locator("tbody tr.withheld").AllInnerTextsAsync();
        Assert.True(withheld.Count >= 2, $"only {withheld.Count} row withheld: the rest add up to it");
        Assert.All(withheld, row => Assert.Contains("withheld", row, StringComparison.Ordinal));
        Assert.DoesNotContain("Evaluate a detector", await web.Page.InnerTextAsync("main"), StringComparison.Ordinal);
        await web.ScreenshotAsync("fairness");
        await web.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Operator_EvaluatesADetectorsPredictions_PerGroup_AndABadFileIsRefusedByName()
    {
        await using var web = await OpenAsync(WebSession.MemberKeys[0]);
        await OperatorSessionTests.SignInAsOperatorAsync(web, Node.Node);
        await web.GoAsync($"fairness/{_version}");

        // A detector that finds every face, loose on the dark-toned ones.
        var predictions = _coco.GetProperty("annotations").EnumerateArray().Select(a =>
        {
            var box = a.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var image = a.GetProperty("image_id").GetInt64();
            var file = _coco.GetProperty("images").EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == image).GetProperty("file_name").GetString()!;
            var dark = Tones[_cids.IndexOf(Path.GetFileNameWithoutExtension(file))] == "dark";
            return new { image_id = image, category_id = 1, bbox = dark ? new[] { box[0] + 6, box[1], box[2], box[3] } : box, score = 0.8 };
        });
        await web.Page.Locator("#predictions").SetInputFilesAsync(new FilePayload { Name = "detector.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(predictions)) });
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Evaluate" }).ClickAsync();

        var scores = web.Page.Locator("#evaluation table.scores");
        await Assertions.Expect(scores).ToContainTextAsync("tone = light");
        var light = scores.Locator("tr", new() { HasText = "tone = light" }).Locator("td");
        var dark = scores.Locator("tr", new() { HasText = "tone = dark" }).Locator("td");
        await Assertions.Expect(light.Nth(3)).ToHaveTextAsync("1.000"); // AP50
        var (lightStrict, darkStrict) = (double.Parse(await light.Nth(5).InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture), double.Parse(await dark.Nth(5).InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(darkStrict < lightStrict, $"loose boxes score lower at the strict thresholds ({darkStrict} against {lightStrict})");
        await Assertions.Expect(web.Page.Locator("#evaluation ul.disparity")).ToContainTextAsync("tone: AP50 worst");

        await web.Page.Locator("#predictions").SetInputFilesAsync(new FilePayload { Name = "bad.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes("""[{"image_id":4242,"category_id":1,"bbox":[0,0,10,10],"score":0.5}]""") });
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Evaluate" }).ClickAsync();
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("image_id 4242 is not an image of this version");
        await web.AssertAccessibleAsync();
    }
}
