using System.Text.Json;
using DataUnion.Node.Tests.Contributions;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Testing;

namespace DataUnion.Cli.Tests;

/// <summary>The operator's version commands and the buyer's listing, against a real node with finished contributions and the Hardhat chain.</summary>
[Collection(HardhatChainCollection.Name)]
public sealed class VersionCommandsTests(HardhatChainFixture chain) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task BuildPublishList_TheOperatorsVersionReachesTheBuyersListing()
    {
        await using var snapshot = await chain.SnapshotAsync();
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Labeling:MinSecondsPerItem=0");
        await FinishedContributions.CreateAsync(node);
        string[] connection = ["--api", node.Node.BaseUrl.ToString(), "--data-dir", node.Node.DataDirectory];

        var build = await CliRun.InvokeAsync(["version", "build", "--domain", "faces", "--price", "2500", .. connection]);
        var shown = await CliRun.InvokeAsync(["version", "show", "--domain", "faces", "--json", .. connection]);
        var publish = await CliRun.InvokeAsync(["version", "publish", "--domain", "faces", "--wait", .. connection]);
        var list = await CliRun.InvokeAsync(["version", "list", .. connection]);
        var versions = await CliRun.InvokeAsync("versions", "--api", node.Node.BaseUrl.ToString());
        var versionsJson = await CliRun.InvokeAsync("versions", "--json", "--api", node.Node.BaseUrl.ToString());

        Assert.True(build.ExitCode == 0, build.Error);
        Assert.Matches(@"images\s+3", build.Output);
        Assert.Matches(@"state\s+draft", build.Output);
        var draft = JsonDocument.Parse(shown.Output).RootElement;
        Assert.Equal("draft", draft.GetProperty("state").GetString());
        Assert.True(publish.ExitCode == 0, publish.Error);
        Assert.Contains("published", publish.Output, StringComparison.Ordinal);
        Assert.Contains($"publish-version:{draft.GetProperty("versionId").GetInt64()}:", publish.Output, StringComparison.Ordinal);
        Assert.Matches($@"{draft.GetProperty("versionId").GetInt64()}\s+faces\s+published\s+3\s+2500", list.Output);
        Assert.Matches($@"{draft.GetProperty("versionId").GetInt64()}\s+faces\s+3\s+2500", versions.Output);
        var listed = Assert.Single(JsonDocument.Parse(versionsJson.Output).RootElement.EnumerateArray(), v => v.GetProperty("dataset").GetString() == "faces");
        Assert.Equal(draft.GetProperty("imagesRoot").GetString(), listed.GetProperty("imagesRoot").GetString());
    }

    [Fact]
    public async Task Build_BadUsageAndRefusals_SayWhy()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory);
        string[] connection = ["--api", node.Node.BaseUrl.ToString(), "--data-dir", node.Node.DataDirectory];

        var noPrice = await CliRun.InvokeAsync(["version", "build", "--domain", "faces", .. connection]);
        var unknown = await CliRun.InvokeAsync(["version", "build", "--domain", "cats", "--price", "1", .. connection]);
        var empty = await CliRun.InvokeAsync(["version", "build", "--domain", "faces", "--price", "1", .. connection]);
        var badPrice = await CliRun.InvokeAsync(["version", "build", "--domain", "faces", "--price", "ten", .. connection]);
        var noDraft = await CliRun.InvokeAsync(["version", "publish", "--domain", "faces", .. connection]);

        Assert.Equal(2, noPrice.ExitCode);
        Assert.Contains("--price", noPrice.Error, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no labeling domain 'cats'", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("no finished image with a standing consent", empty.Error, StringComparison.Ordinal);
        Assert.Equal(1, badPrice.ExitCode);
        Assert.Contains("price: expected a decimal integer", badPrice.Error, StringComparison.Ordinal);
        Assert.Equal(1, noDraft.ExitCode);
        Assert.Contains("has no draft", noDraft.Error, StringComparison.Ordinal);
    }
}
