namespace DataUnion.Cli.Tests;

public class CliAppTests
{
    [Fact]
    public async Task RunAsync_UnknownCommand_Exits2WithUsageHint()
    {
        var run = await CliRun.InvokeAsync("frobnicate");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("frobnicate", run.Error, StringComparison.Ordinal);
        Assert.Contains("dataunion --help", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MalformedApiUrl_Exits2NamingTheOption()
    {
        var run = await CliRun.InvokeAsync("node", "status", "--api", "::not a url::");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--api", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_VersionOption_PrintsTheCliVersion()
    {
        var run = await CliRun.InvokeAsync("--version");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Output);
    }

    [Fact]
    public async Task RunAsync_Help_ListsNodeCommands()
    {
        var run = await CliRun.InvokeAsync("node", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("status", run.Output, StringComparison.Ordinal);
        Assert.Contains("info", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Help_GroupsTheVerbsByRole_AndEveryVerbHasAnExample()
    {
        var run = await CliRun.InvokeAsync("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var role in new[] { "operator   node, ipfs, version", "member     contribute, shares,", "buyer      versions, buy, download", "auditor    audit" })
        {
            Assert.Contains(role, run.Output, StringComparison.Ordinal);
        }

        foreach (var verb in new[] { "node", "ipfs", "version", "contribute", "shares", "claim", "versions", "buy", "download", "audit", "wallet", "consensus" })
        {
            var help = await CliRun.InvokeAsync(verb, "--help");
            Assert.Contains($"Example: dataunion {verb}", help.Output, StringComparison.Ordinal);
        }
    }
}
