using System.Text.Json;
using DataUnion.Node.Tests.Contributions;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Testing;

namespace DataUnion.Cli.Tests;

/// <summary>The operator's labeling commands against a real node: domains, the queue, labelers, suspension and lifting it.</summary>
[Collection(HardhatChainCollection.Name)]
public sealed class LabelingCommandsTests(HardhatChainFixture chain) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Labeling_DomainsQueueLabelersSuspendLift_ThroughTheOperatorApi()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Labeling:MinSecondsPerItem=0");
        for (var i = 0; i < 6; i++)
        {
            await node.AddImageAsync($"gold-{i}", gold: true, "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65", x: 10 + i);
        }

        var labeler = FinishedContributions.Labelers[0];
        await node.QualifyAsync(await node.SignInAsync(labeler));
        var address = labeler.GetPublicAddress();
        string[] connection = ["--api", node.Node.BaseUrl.ToString(), "--data-dir", node.Node.DataDirectory];

        var created = await CliRun.InvokeAsync(["labeling", "domain", "cats", "--class", "cat=0.6", "--class", "dog=0.5", .. connection]);
        var domains = await CliRun.InvokeAsync(["labeling", "domains", .. connection]);
        var queue = await CliRun.InvokeAsync(["labeling", "queue", "--domain", "faces", "--json", .. connection]);
        var labelers = await CliRun.InvokeAsync(["labeling", "labelers", "--domain", "faces", .. connection]);
        var suspended = await CliRun.InvokeAsync(["labeling", "suspend", "--domain", "faces", address, "--days", "2", "--reason", "copied boxes", .. connection]);
        var lifted = await CliRun.InvokeAsync(["labeling", "lift", "--domain", "faces", address, .. connection]);
        var badClass = await CliRun.InvokeAsync(["labeling", "domain", "birds", "--class", "bird", .. connection]);
        var unknown = await CliRun.InvokeAsync(["labeling", "queue", "--domain", "nope", .. connection]);

        Assert.True(created.ExitCode == 0, created.Error);
        Assert.Matches(@"cats\s+cat,dog", domains.Output);
        Assert.Matches(@"faces\s+face\s+0\s+0\s+6", domains.Output);
        Assert.Equal(6, JsonDocument.Parse(queue.Output).RootElement.GetProperty("gold").GetInt32());
        Assert.Matches($@"(?i){address}\s+Qualified\s+Active", labelers.Output);
        Assert.True(suspended.ExitCode == 0, suspended.Error);
        Assert.Contains("is Suspended", suspended.Output, StringComparison.Ordinal);
        Assert.Contains("is Active", lifted.Output, StringComparison.Ordinal);
        Assert.Equal(1, badClass.ExitCode);
        Assert.Contains("is not name=IoU", badClass.Error, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("nope", unknown.Error, StringComparison.Ordinal);
    }
}
