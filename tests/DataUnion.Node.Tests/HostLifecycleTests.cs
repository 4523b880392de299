using System.Net;
using System.Text.Json;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;

namespace DataUnion.Node.Tests;

[Collection(HardhatChainCollection.Name)]
public sealed class HostLifecycleTests(HardhatChainFixture chain) : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Start_AgainstDeployedChain_LiveAndReadyWithEveryCheckHealthy()
    {
        await using var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path));

        using var live = await node.Http.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await node.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks");
        foreach (var name in new[] { "database", "blockstore", "chain" })
        {
            Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString());
        }

        Assert.Contains("chain id 31337", checks.GetProperty("chain").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_BlockStoreBroken_Answers503NamingTheCheck()
    {
        await using var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path));
        var blocks = Path.Combine(node.DataDirectory, "blocks");
        Directory.Delete(blocks, recursive: true);
        await File.WriteAllTextAsync(blocks, "in the way");

        using var ready = await node.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var live = await node.Http.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", body.RootElement.GetProperty("checks").GetProperty("blockstore").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApi_Document_ListsTheNodeEndpoint()
    {
        await using var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path));

        using var response = await node.Http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty("/api/v1/node", out _));
    }

    [Fact]
    public async Task StopAsync_RequestInFlight_RequestCompletes()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path), app =>
            app.MapGet("/test/slow", async () =>
            {
                entered.SetResult();
                await release.Task;
                return "finished";
            }).AllowAnonymous());

        var inFlight = node.Http.GetStringAsync(new Uri("/test/slow", UriKind.Relative));
        await entered.Task;
        var stopping = node.App.StopAsync();
        release.SetResult();
        await stopping;

        Assert.Equal("finished", await inFlight);
        await node.DisposeAsync();
    }

    [Fact]
    public async Task Shutdown_AfterUse_DatabaseCheckpointedAndDirectoryUnlocked()
    {
        var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path));
        using (var ready = await node.Http.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        await node.DisposeAsync();

        Assert.True(File.Exists(Path.Combine(_directory.Path, "node.db")));
        Assert.False(File.Exists(Path.Combine(_directory.Path, "node-log.db")), "the LiteDB log was not checkpointed");
        await using var again = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path));
        Assert.Equal(_directory.Path, again.DataDirectory);
    }

    [Fact]
    public async Task Logs_RequestServed_WrittenAsJsonInDataDirectory()
    {
        var args = RunningNode.ArgsFor(chain, _directory.Path);
        args.Remove("--Serilog:MinimumLevel:Default=Warning");
        var node = await RunningNode.StartAsync(args);
        (await node.Http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative))).Dispose();
        await node.DisposeAsync();

        var file = Assert.Single(Directory.GetFiles(Path.Combine(_directory.Path, "logs"), "node-*.json"));
        var lines = await File.ReadAllLinesAsync(file);
        Assert.All(lines, line => JsonDocument.Parse(line).Dispose());
        Assert.Contains(lines, line => line.Contains("/openapi/v1.json", StringComparison.Ordinal));
    }

    public void Dispose() => _directory.Dispose();
}
