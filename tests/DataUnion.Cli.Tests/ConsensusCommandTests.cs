using System.Text.Json;
using DataUnion.Testing;

namespace DataUnion.Cli.Tests;

/// <summary><c>dataunion consensus</c> on files in the README's format.</summary>
public sealed class ConsensusCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Consensus_GoldAndStakes_WeightsTheLabelerWhoPassesGold()
    {
        // Two labelers agree on the truth; a third, with a large stake, fails the three gold images and boxes elsewhere.
        var input = Write("submissions.json", new
        {
            classes = new[] { "face" },
            iouThresholds = new Dictionary<string, double> { ["face"] = 0.5 },
            images = new object[]
            {
                Image("gold-1", ("alice", Face(10, 10, 40, 40)), ("bob", Face(11, 10, 40, 40)), ("mallory", Face(300, 300, 40, 40))),
                Image("gold-2", ("alice", Face(60, 10, 40, 40)), ("bob", Face(61, 10, 40, 40)), ("mallory", Face(300, 300, 40, 40))),
                Image("gold-3", ("alice", null), ("bob", null), ("mallory", Face(300, 300, 40, 40))),
                Image("img-1", ("alice", Face(100, 100, 50, 60)), ("bob", Face(102, 100, 50, 60)), ("mallory", Face(400, 50, 50, 60))),
                Image("img-2", ("alice", null), ("bob", null), ("mallory", Face(5, 5, 10, 10))),
            },
        });
        var gold = Write("gold.json", new
        {
            images = new[]
            {
                new { id = "gold-1", boxes = new[] { Face(10, 10, 40, 40) } },
                new { id = "gold-2", boxes = new[] { Face(60, 10, 40, 40) } },
                new { id = "gold-3", boxes = Array.Empty<object>() },
            },
        });
        var stakes = Write("stakes.json", new Dictionary<string, string> { ["mallory"] = "1000000000000000000000000", ["alice"] = "1000000000000000000" });
        var output = _directory.Combine("result.json");

        var run = await CliRun.InvokeAsync("consensus", "--input", input, "--gold", gold, "--stakes", stakes, "--output", output);

        Assert.Equal(0, run.ExitCode);
        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        var images = result.RootElement.GetProperty("images").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!);
        Assert.False(images.ContainsKey("gold-1"));
        var face = Assert.Single(images["img-1"].GetProperty("objects").EnumerateArray());
        Assert.Equal(101, face.GetProperty("box")[0].GetDouble(), 0);
        Assert.Equal(["alice", "bob"], face.GetProperty("supporters").EnumerateArray().Select(s => s.GetString()).Order());
        Assert.True(images["img-2"].GetProperty("empty").GetBoolean());
        var labelers = result.RootElement.GetProperty("labelers").EnumerateArray().ToDictionary(l => l.GetProperty("labeler").GetString()!);
        Assert.Equal(3, labelers["alice"].GetProperty("gold").GetProperty("passed").GetInt32());
        Assert.Equal(0, labelers["mallory"].GetProperty("gold").GetProperty("passed").GetInt32());
        Assert.True(labelers["mallory"].GetProperty("votingPower").GetDouble() < labelers["bob"].GetProperty("votingPower").GetDouble());
        Assert.True(labelers["alice"].GetProperty("score").GetDouble() > labelers["mallory"].GetProperty("score").GetDouble());
        // The crowd model's parameters per labeler: gold shows alice boxing every expert face, mallory none.
        var aliceSkill = labelers["alice"].GetProperty("skill");
        var mallorySkill = labelers["mallory"].GetProperty("skill");
        Assert.True(aliceSkill.GetProperty("missRate").GetDouble() < mallorySkill.GetProperty("missRate").GetDouble());
        Assert.True(aliceSkill.GetProperty("noise").GetProperty("left").GetDouble() > 0);
        var model = result.RootElement.GetProperty("model");
        Assert.InRange(model.GetProperty("iterations").GetInt32(), 1, 10);
        Assert.InRange(model.GetProperty("objectPrior").GetDouble(), 0.01, 0.99);
        Assert.True(face.GetProperty("posterior").GetDouble() > 0.5);
    }

    [Fact]
    public async Task Consensus_BadBoxes_AreEachNamedAndNothingIsWritten()
    {
        var input = Write("bad.json", new
        {
            classes = new[] { "face" },
            maxBoxesPerImage = 2,
            images = new object[]
            {
                Image("img-1",
                    ("alice", Face(-5, 0, 10, 10)),
                    ("bob", Face(0, 0, 0, 10)),
                    ("carol", new { label = "face", box = new object[] { "NaN", 0, 10, 10 } }),
                    ("dave", new { label = "car", box = new[] { 0, 0, 10, 10 } })),
                new { id = "img-2", width = 640, height = 480, submissions = new object[]
                {
                    new { labeler = "erin", boxes = new[] { Face(0, 0, 5, 5), Face(10, 0, 5, 5), Face(20, 0, 5, 5) } },
                    new { labeler = "erin", boxes = Array.Empty<object>() },
                } },
            },
        });
        var output = _directory.Combine("result.json");

        var run = await CliRun.InvokeAsync("consensus", "--input", input, "--output", output);

        Assert.Equal(1, run.ExitCode);
        Assert.False(File.Exists(output));
        Assert.Contains("6 problem(s); nothing was written", run.Error);
        Assert.Contains("image 'img-1', labeler 'alice', box 0: box [-5, 0, 10, 10] lies outside the 640×480 image", run.Error);
        Assert.Contains("labeler 'bob', box 0: box [0, 0, 0, 10] has zero or negative size", run.Error);
        Assert.Contains("labeler 'carol', box 0: box [NaN, 0, 10, 10] has a coordinate that is not a finite number", run.Error);
        Assert.Contains("labeler 'dave', box 0: unknown class 'car' (classes: face)", run.Error);
        Assert.Contains("image 'img-2', labeler 'erin': 3 boxes, more than maxBoxesPerImage (2)", run.Error);
        Assert.Contains("image 'img-2': duplicate submission from labeler 'erin'", run.Error);
    }

    [Fact]
    public async Task Consensus_NotJson_SaysSo()
    {
        var input = _directory.Combine("broken.json");
        await File.WriteAllTextAsync(input, "{ images: ");

        var run = await CliRun.InvokeAsync("consensus", "--input", input, "--output", _directory.Combine("out.json"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not valid JSON", run.Error);
    }

    public void Dispose() => _directory.Dispose();

    private static object Face(double x, double y, double w, double h) => new { label = "face", box = new[] { x, y, w, h } };

    private static object Image(string id, params (string Labeler, object? Box)[] answers) => new
    {
        id,
        width = 640,
        height = 480,
        submissions = answers.Select(a => new { labeler = a.Labeler, boxes = a.Box is null ? Array.Empty<object>() : new[] { a.Box } }),
    };

    private string Write(string name, object value)
    {
        var path = _directory.Combine(name);
        File.WriteAllText(path, JsonSerializer.Serialize(value));
        return path;
    }
}
