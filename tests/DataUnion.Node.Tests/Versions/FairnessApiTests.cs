using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DataUnion.Chain.Versions;
using DataUnion.Node.Tests.Contributions;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;
using static DataUnion.Node.Tests.Contributions.ContributionClient;

namespace DataUnion.Node.Tests.Versions;

/// <summary>
/// A version's fairness report on a real node and chain: six contributors declare a skin tone
/// (three light, three dark), their photos are labeled and built into a version whose manifest
/// holds the composition; a detector that finds only the light-toned faces scores 1 for them and
/// 0 for the others, and bad predictions are refused by name.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class FairnessApiTests(HardhatChainFixture chain) : IDisposable
{
    private static readonly string[] Settings =
    [
        "--Labeling:MinSecondsPerItem=0", "--Fairness:MinContributors=3", "--Fairness:BootstrapResamples=200",
        "--Contributions:Attributes:tone:0=light", "--Contributions:Attributes:tone:1=dark",
    ];

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Report_ComposesTheVersion_AndScoresADetectorPerGroup_OnlyAggregatesPublic()
    {
        await using var snapshot = await chain.SnapshotAsync();
        await using var node = await LabelingNode.StartAsync(chain, _directory, Settings);
        var tones = new[] { "light", "light", "light", "dark", "dark", "dark" };
        var cids = await DeclaredContributions.CreateAsync(node, tones);

        using var built = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions", new { domain = "faces", price = "1000" });
        Assert.Equal(HttpStatusCode.Created, built.StatusCode);
        var versionId = (await built.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("versionId").GetInt64();

        // The manifest carries the composition: counts per group, never per image.
        using var manifestResponse = await node.OperatorAsync(HttpMethod.Get, $"/api/v1/versions/drafts/faces/{VersionContent.ManifestPath}");
        var manifest = await manifestResponse.Content.ReadFromJsonAsync<JsonElement>();
        var tone = manifest.GetProperty("composition").GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "tone");
        Assert.Equal(6, tone.GetProperty("answered").GetInt32());
        foreach (var value in new[] { "light", "dark" })
        {
            var group = tone.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("value").GetString() == value);
            Assert.Equal(3, group.GetProperty("images").GetInt32());
            Assert.Equal(0.5, group.GetProperty("share").GetDouble());
        }

        Assert.DoesNotContain("\"tone\":\"light\"", manifest.GetRawText(), StringComparison.Ordinal);

        // The public statistics of the consented images follow the same rules.
        using var statistics = await node.Node.Http.GetAsync(new Uri("/api/v1/contributions/statistics", UriKind.Relative));
        var faces = (await statistics.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("domains").EnumerateArray().Single();
        var counts = faces.GetProperty("attributes").GetProperty("tone");
        Assert.Equal((3, 3, 0), (counts.GetProperty("light").GetInt32(), counts.GetProperty("dark").GetInt32(), counts.GetProperty("unanswered").GetInt32()));

        // A detector that finds the faces of light-toned contributors only.
        using var cocoResponse = await node.OperatorAsync(HttpMethod.Get, $"/api/v1/versions/drafts/faces/{VersionContent.AnnotationsPath}");
        var coco = await cocoResponse.Content.ReadFromJsonAsync<JsonElement>();
        var predictions = coco.GetProperty("annotations").EnumerateArray()
            .Where(a => tones[cids.IndexOf(CidOf(coco, a.GetProperty("image_id").GetInt64()))] == "light")
            .Select(a => new { image_id = a.GetProperty("image_id").GetInt64(), category_id = 1, bbox = a.GetProperty("bbox"), score = 0.9 })
            .ToList();
        using var evaluated = await PostAsync(node, "/api/v1/versions/drafts/faces/fairness", JsonSerializer.Serialize(predictions));
        var report = await evaluated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, evaluated.StatusCode);
        var evaluation = report.GetProperty("evaluation");
        Assert.Equal(0.5, evaluation.GetProperty("overall").GetProperty("ap50").GetDouble(), 2);
        var groups = evaluation.GetProperty("attributes")[0].GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("value").GetString()!, g => g.GetProperty("score"));
        Assert.Equal(1.0, groups["light"].GetProperty("ap50").GetDouble(), 6);
        Assert.Equal(0.0, groups["dark"].GetProperty("ap50").GetDouble(), 6);
        Assert.Equal(3, groups["dark"].GetProperty("truthObjects").GetInt32());
        var gap = evaluation.GetProperty("attributes")[0].GetProperty("ap50");
        Assert.Equal(("dark", "light"), (gap.GetProperty("worst").GetString(), gap.GetProperty("best").GetString()));
        Assert.Equal(1.0, gap.GetProperty("difference").GetDouble(), 6);

        // Bad predictions: every problem named, nothing evaluated.
        using var bad = await PostAsync(node, "/api/v1/versions/drafts/faces/fairness", """[{"image_id":999,"category_id":1,"bbox":[0,0,1,1],"score":0.5},{"image_id":1,"category_id":7,"bbox":[0,0,1,1],"score":0.5},{"image_id":1,"category_id":1,"bbox":[0,0,-4,1],"score":0.5},{"image_id":1,"category_id":1,"bbox":[0,0,1,1],"score":2}]""");
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        foreach (var fragment in new[] { "image_id 999 is not an image of this version", "category_id 7", "negative width or height", "score must be a number in [0, 1]" })
        {
            Assert.Contains(fragment, problem, StringComparison.Ordinal);
        }

        using var empty = await PostAsync(node, "/api/v1/versions/drafts/faces/fairness", string.Empty);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        // Only the operator evaluates; anyone reads the composition of a published version.
        using var anonymous = await node.Node.Http.PostAsync(new Uri("/api/v1/versions/drafts/faces/fairness", UriKind.Relative), new StringContent("[]"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var unpublished = await node.Node.Http.GetAsync(new Uri($"/api/v1/versions/{versionId}/fairness", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unpublished.StatusCode);
        using (var publish = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions/drafts/faces/publish"))
        {
            Assert.Equal(HttpStatusCode.Accepted, publish.StatusCode);
        }

        JsonElement composition = default;
        await Eventually.TrueAsync(async () =>
        {
            using var published = await node.Node.Http.GetAsync(new Uri($"/api/v1/versions/{versionId}/fairness", UriKind.Relative));
            if (published.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            composition = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("composition");
            return true;
        }, TimeSpan.FromSeconds(60), $"version {versionId}'s composition in public");
        Assert.Equal(3, composition.GetProperty("minContributors").GetInt32());
        Assert.Equal(tone.GetRawText(), composition.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "tone").GetRawText());
    }

    [Fact]
    public async Task Report_OfAVersionWhoseContributorsDeclaredNothing_SaysSo()
    {
        await using var snapshot = await chain.SnapshotAsync();
        await using var node = await LabelingNode.StartAsync(chain, _directory, Settings);
        await DeclaredContributions.CreateAsync(node, [null, null, null]);
        using var built = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions", new { domain = "faces", price = "1000" });
        Assert.Equal(HttpStatusCode.Created, built.StatusCode);

        using var report = await node.OperatorAsync(HttpMethod.Get, "/api/v1/versions/drafts/faces/fairness");

        Assert.Equal(HttpStatusCode.Conflict, report.StatusCode);
        Assert.Contains("no declared attributes", await report.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string CidOf(JsonElement coco, long imageId)
    {
        var file = coco.GetProperty("images").EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == imageId).GetProperty("file_name").GetString()!;
        return file["images/".Length..file.LastIndexOf('.')];
    }

    private static async Task<HttpResponseMessage> PostAsync(LabelingNode node, string path, string body)
    {
        using var request = node.Node.OperatorRequest(HttpMethod.Post, path);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return await node.Node.Http.SendAsync(request);
    }
}
