using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Store;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Node.Tests.Support;
using DataUnion.Storage.Replication;
using DataUnion.Testing;

namespace DataUnion.Node.Tests.Ipfs;

/// <summary>
/// Scale-out: a second instance of this node on another loopback port plays the remote kubo
/// (Kubo RPC) and the remote pinning service (Pinning Services API).
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class ReplicationTests(HardhatChainFixture chain) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new();

    private List<string> Args(string name, params string[] extra)
    {
        var args = RunningNode.ArgsFor(chain, _directory.Combine(name));
        args.Add("--Replication:Interval=00:00:00.100");
        args.Add("--Replication:MaxBackoff=00:00:00.500");
        args.AddRange(extra);
        return args;
    }

    private static async Task<bool> IsPinnedAsync(RunningNode node, Cid cid, string? tokenFile = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v0/pin/ls?arg={cid}");
        request.Headers.Authorization = new("Bearer", (await File.ReadAllTextAsync(tokenFile ?? node.OperatorTokenFile)).Trim());
        using var response = await node.Http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static async Task<DagLink> AddAsync(RunningNode node, string seed) =>
        await node.App.Services.GetRequiredService<IpfsStore>().AddFileAsync(
            new MemoryStream(DeterministicBytes.Generate(seed, 700_000)), ImportOptions.KuboDefault, pinFor: PinOwner.KuboRpc);

    [Fact]
    public async Task KuboRpcTarget_LocalPin_ArrivesPinnedAtTheRemote()
    {
        await using var remote = await RunningNode.StartAsync(Args("remote"));
        await using var node = await RunningNode.StartAsync(Args("local",
            "--Replication:Targets:0:Name=remote-kubo",
            "--Replication:Targets:0:Kind=kubo-rpc",
            $"--Replication:Targets:0:Url={remote.BaseUrl}",
            $"--Replication:Targets:0:TokenFile={remote.OperatorTokenFile}"));

        var root = await AddAsync(node, "kubo-target");

        await Eventually.TrueAsync(() => IsPinnedAsync(remote, root.Cid), Patience, "the remote pin");
        using var cat = remote.OperatorRequest(HttpMethod.Post, $"/api/v0/cat?arg={root.Cid}");
        Assert.Equal(DeterministicBytes.Generate("kubo-target", 700_000), await (await remote.Http.SendAsync(cat)).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task PinningServiceTarget_RemoteFetchesFromOurGatewayAndPins()
    {
        // Both nodes are on loopback here; a real pinning service fetches from public origins only.
        await using var remote = await RunningNode.StartAsync(Args("remote", "--Replication:AllowPrivateOrigins=true"));
        var port = FreePort.Next();
        var args = Args("local",
            "--Ipfs:PublicGateway=true",
            "--Replication:Targets:0:Name=remote-psa",
            "--Replication:Targets:0:Kind=pinning-service",
            $"--Replication:Targets:0:Url={remote.BaseUrl}",
            $"--Replication:Targets:0:TokenFile={remote.OperatorTokenFile}",
            $"--Replication:Targets:0:Origins:0=/ip4/127.0.0.1/tcp/{port}/http");
        args.Remove("--Http:Port=0");
        args.Add($"--Http:Port={port}");
        await using var node = await RunningNode.StartAsync(args);

        var root = await AddAsync(node, "psa-target");

        await Eventually.TrueAsync(() => IsPinnedAsync(remote, root.Cid), Patience, "the pinning service's pin");
        await Eventually.TrueAsync(
            () => Task.FromResult(node.App.Services.GetRequiredService<LiteDbReplicationQueue>().List().Single().Replicated),
            Patience,
            "the local queue entry marked replicated");
    }

    [Fact]
    public async Task Queue_TargetDownAcrossARestart_PinArrivesWhenTargetComesUp()
    {
        var remotePort = FreePort.Next();
        var remoteToken = _directory.Combine("remote.token");
        await File.WriteAllTextAsync(remoteToken, "replication-test-token-0123456789abcdef\n");
        string[] target =
        [
            "--Replication:Targets:0:Name=later",
            "--Replication:Targets:0:Kind=kubo-rpc",
            $"--Replication:Targets:0:Url=http://127.0.0.1:{remotePort}",
            $"--Replication:Targets:0:TokenFile={remoteToken}",
        ];
        Cid cid;
        await using (var node = await RunningNode.StartAsync(Args("local", target)))
        {
            cid = (await AddAsync(node, "durable-queue")).Cid;
            var queue = node.App.Services.GetRequiredService<LiteDbReplicationQueue>();
            await Eventually.TrueAsync(() => Task.FromResult(queue.List().Any(i => i.Attempts >= 1)), Patience, "a failed first attempt");
            Assert.Contains("later", queue.List().Single().LastError, StringComparison.Ordinal);
        }

        var remoteArgs = Args("remote", $"--Http:OperatorTokenFile={remoteToken}");
        remoteArgs.Remove("--Http:Port=0");
        remoteArgs.Add($"--Http:Port={remotePort}");
        await using var remote = await RunningNode.StartAsync(remoteArgs);
        await using var restarted = await RunningNode.StartAsync(Args("local", target));

        await Eventually.TrueAsync(() => IsPinnedAsync(remote, cid, remoteToken), Patience, "the pin after the restart");
    }

    [Fact]
    public async Task PinningServiceApi_RequestForLocalContent_IsPinnedListedAndDeleted()
    {
        await using var node = await RunningNode.StartAsync(Args("psa"));
        var store = node.App.Services.GetRequiredService<IpfsStore>();
        var root = await store.AddFileAsync(new MemoryStream(DeterministicBytes.Generate("psa-local", 300_000)), ImportOptions.KuboCidV1, pinFor: null);

        using var post = node.OperatorRequest(HttpMethod.Post, "/pins");
        post.Content = JsonContent.Create(new { cid = root.Cid.ToString(), name = "photo", meta = new { source = "test" } });
        using var created = await node.Http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var requestId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("requestid").GetString();

        await Eventually.TrueAsync(async () =>
        {
            using var get = node.OperatorRequest(HttpMethod.Get, $"/pins/{requestId}");
            using var status = await node.Http.SendAsync(get);
            return JsonDocument.Parse(await status.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString() == "pinned";
        }, Patience, "status pinned");
        using var list = node.OperatorRequest(HttpMethod.Get, $"/pins?cid={root.Cid}");
        var listed = JsonDocument.Parse(await (await node.Http.SendAsync(list)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, listed.GetProperty("count").GetInt32());
        Assert.Equal("photo", listed.GetProperty("results")[0].GetProperty("pin").GetProperty("name").GetString());

        using var delete = node.OperatorRequest(HttpMethod.Delete, $"/pins/{requestId}");
        Assert.Equal(HttpStatusCode.Accepted, (await node.Http.SendAsync(delete)).StatusCode);
        Assert.Empty(store.ListPins());
    }

    [Theory]
    [InlineData("{\"name\":\"no cid\"}", "a string 'cid'")]
    [InlineData("{\"cid\":\"QmNope\"}", "cid:")]
    [InlineData("not json", "not JSON")]
    public async Task PinningServiceApi_BadBody_Answers400WithReason(string body, string expected)
    {
        await using var node = await RunningNode.StartAsync(Args("psa"));
        using var post = node.OperatorRequest(HttpMethod.Post, "/pins");
        post.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await node.Http.SendAsync(post);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("BAD_REQUEST", error.GetProperty("reason").GetString());
        Assert.Contains(expected, error.GetProperty("details").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PinningServiceApi_NoTokenOrUnknownId_IsRefused()
    {
        await using var node = await RunningNode.StartAsync(Args("psa"));

        using var anonymous = await node.Http.GetAsync(new Uri("/pins", UriKind.Relative));
        using var unknown = node.OperatorRequest(HttpMethod.Get, "/pins/nope");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.SendAsync(unknown)).StatusCode);
    }

    [Fact]
    public async Task Start_ReplicationTargetWithBadUrl_NamesTheSetting()
    {
        var reason = await StartupAssert.FailsAsync(Args("bad", "--Replication:Targets:0:Name=x", "--Replication:Targets:0:Url=ftp://nope"));

        Assert.Contains("Replication:Targets:0:Url must be an absolute http or https URL", reason, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
