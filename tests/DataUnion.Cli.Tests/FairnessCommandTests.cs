using System.Net.Http.Json;
using System.Text.Json;
using DataUnion.Node.Tests.Contributions;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Testing;

namespace DataUnion.Cli.Tests;

/// <summary><c>dataunion fairness report</c> against a real node whose contributors declared a skin tone.</summary>
[Collection(HardhatChainCollection.Name)]
public sealed class FairnessCommandTests(HardhatChainFixture chain) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Report_WritesASelfContainedPage_JsonAndMarkdown_AndRefusesBadInputWritingNothing()
    {
        await using var snapshot = await chain.SnapshotAsync();
        await using var node = await LabelingNode.StartAsync(
            chain, _directory, "--Labeling:MinSecondsPerItem=0", "--Fairness:MinContributors=3", "--Fairness:BootstrapResamples=100",
            "--Contributions:Attributes:tone:0=light", "--Contributions:Attributes:tone:1=dark");
        var tones = new[] { "light", "dark", "light", "dark", "light", "dark" };
        var cids = await DeclaredContributions.CreateAsync(node, tones);
        string[] connection = ["--api", node.Node.BaseUrl.ToString(), "--data-dir", node.Node.DataDirectory];
        Assert.Equal(0, (await CliRun.InvokeAsync(["version", "build", "--domain", "faces", "--price", "100", .. connection])).ExitCode);

        // A detector that finds every face, a little loose on the dark-toned ones.
        using var cocoResponse = await node.OperatorAsync(HttpMethod.Get, "/api/v1/versions/drafts/faces/annotations.json");
        var coco = await cocoResponse.Content.ReadFromJsonAsync<JsonElement>();
        var predictions = coco.GetProperty("annotations").EnumerateArray().Select(a =>
        {
            var box = a.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var file = coco.GetProperty("images").EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == a.GetProperty("image_id").GetInt64()).GetProperty("file_name").GetString()!;
            var dark = tones[cids.IndexOf(file["images/".Length..file.LastIndexOf('.')])] == "dark";
            return new { image_id = a.GetProperty("image_id").GetInt64(), category_id = 1, bbox = dark ? new[] { box[0] + 6, box[1], box[2], box[3] } : box, score = 0.8 };
        });
        var predictionsFile = _directory.Combine("predictions.json");
        await File.WriteAllTextAsync(predictionsFile, JsonSerializer.Serialize(predictions));
        var (html, json, markdown) = (_directory.Combine("report.html"), _directory.Combine("report.json"), _directory.Combine("report.md"));

        var run = await CliRun.InvokeAsync(["fairness", "report", "--draft", "faces", "--predictions", predictionsFile, "-o", html, "--json", json, "--markdown", markdown, .. connection]);

        Assert.True(run.ExitCode == 0, run.Error);
        var page = await File.ReadAllTextAsync(html);
        Assert.StartsWith("<!doctype html>", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        foreach (var external in new[] { "<script", "src=", "href=", "url(", "<link" })
        {
            Assert.DoesNotContain(external, page, StringComparison.OrdinalIgnoreCase);
        }

        var report = JsonDocument.Parse(await File.ReadAllTextAsync(json)).RootElement;
        var groups = report.GetProperty("evaluation").GetProperty("attributes")[0].GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("value").GetString()!, g => g.GetProperty("score"));
        Assert.Equal(1.0, groups["light"].GetProperty("ap50").GetDouble(), 6);
        Assert.True(groups["dark"].GetProperty("ap5095").GetDouble() < groups["light"].GetProperty("ap5095").GetDouble(), "loose boxes score lower at the strict thresholds");
        Assert.Contains("| tone = dark |", await File.ReadAllTextAsync(markdown), StringComparison.Ordinal);

        // Bad input: nothing is written.
        var (html2, json2) = (_directory.Combine("second.html"), _directory.Combine("second.json"));
        var badFile = _directory.Combine("bad.json");
        await File.WriteAllTextAsync(badFile, """[{"image_id":4242,"category_id":1,"bbox":[0,0,10,10],"score":0.5}]""");
        var missing = await CliRun.InvokeAsync(["fairness", "report", "--draft", "faces", "--predictions", _directory.Combine("none.json"), "-o", html2, .. connection]);
        var refused = await CliRun.InvokeAsync(["fairness", "report", "--draft", "faces", "--predictions", badFile, "-o", html2, "--json", json2, .. connection]);
        var neither = await CliRun.InvokeAsync(["fairness", "report", "-o", html2, .. connection]);
        var notJson = await CliRun.InvokeAsync(["fairness", "report", "--draft", "faces", "--predictions", html, "-o", html2, .. connection]);

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("image_id 4242 is not an image of this version", refused.Error, StringComparison.Ordinal);
        Assert.Equal(1, neither.ExitCode);
        Assert.Contains("name either a version id or --draft", neither.Error, StringComparison.Ordinal);
        Assert.Equal(1, notJson.ExitCode);
        Assert.Contains("is not JSON", notJson.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(html2) || File.Exists(json2), "a refused report wrote a file");
    }
}
