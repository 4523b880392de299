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
}
