using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataUnion.Testing;
using Nethereum.Signer;

namespace DataUnion.Node.Tests.Labeling;

/// <summary>
/// The operator's controls over labelers and the queue, and a member's reads of their own records,
/// through a real node.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class LabelerControlsTests(HardhatChainFixture chain) : IDisposable
{
    private const string Contributor = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Operator_SuspendsAndLiftsALabeler_AndReadsTheQueue()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Labeling:MinSecondsPerItem=0");
        for (var i = 0; i < 8; i++)
        {
            await node.AddImageAsync($"gold-{i}", gold: true, Contributor, x: 10 + i);
        }

        for (var i = 0; i < 4; i++)
        {
            await node.AddImageAsync($"real-{i}", gold: false, Contributor, x: 100 + i);
        }

        var wallet = EthECKey.GenerateKey();
        var address = wallet.GetPublicAddress().ToLowerInvariant();
        var session = await node.SignInAsync(wallet);
        await node.QualifyAsync(session);
        _ = await node.BundleAsync(session);

        using var queueResponse = await node.OperatorAsync(HttpMethod.Get, "/api/v1/labeling/domains/faces/queue");
        var queue = await queueResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, queueResponse.StatusCode);
        Assert.Equal(3, queue.GetProperty("inBundles").GetInt32());
        Assert.Equal(1, queue.GetProperty("waiting").GetInt32());
        Assert.Equal(0, queue.GetProperty("finished").GetInt32());
        Assert.True(queue.GetProperty("answersLastHour").GetInt32() >= 3, queue.ToString());
        Assert.Equal(1.0, queue.GetProperty("goldPassRate").GetDouble());
        Assert.Equal(1, queue.GetProperty("labelers").GetInt32());

        using var suspend = await node.OperatorAsync(HttpMethod.Post, $"/api/v1/labeling/domains/faces/labelers/{address}/suspension", new { days = 1.5, reason = "copies answers" });
        Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        Assert.Equal("Suspended", (await suspend.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("standing").GetProperty("state").GetString());
        using var refused = await node.LabelerAsync(session, HttpMethod.Post, "/api/v1/labeling/domains/faces/bundles");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("copies answers", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var afterSuspension = await node.OperatorAsync(HttpMethod.Get, "/api/v1/labeling/domains/faces/queue");
        Assert.Equal(0, (await afterSuspension.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("inBundles").GetInt32());

        using var list = await node.OperatorAsync(HttpMethod.Get, "/api/v1/labeling/domains/faces/labelers");
        var labeler = Assert.Single((await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList());
        Assert.Equal(address, labeler.GetProperty("labeler").GetString());
        Assert.Equal(1, labeler.GetProperty("standing").GetProperty("suspensions").GetInt32());

        using var lift = await node.OperatorAsync(HttpMethod.Delete, $"/api/v1/labeling/domains/faces/labelers/{address}/suspension");
        Assert.Equal(HttpStatusCode.OK, lift.StatusCode);
        Assert.Equal(0, (await lift.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("standing").GetProperty("suspensions").GetInt32());
        using var again = await node.LabelerAsync(session, HttpMethod.Post, "/api/v1/labeling/domains/faces/bundles");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        using var noReason = await node.OperatorAsync(HttpMethod.Post, $"/api/v1/labeling/domains/faces/labelers/{address}/suspension", new { days = 1 });
        using var badAddress = await node.OperatorAsync(HttpMethod.Post, "/api/v1/labeling/domains/faces/labelers/bob/suspension", new { days = 1, reason = "x" });
        using var unknownDomain = await node.OperatorAsync(HttpMethod.Get, "/api/v1/labeling/domains/lungs/queue");
        using var asMember = await node.LabelerAsync(session, HttpMethod.Post, $"/api/v1/labeling/domains/faces/labelers/{address}/suspension", new { days = 1, reason = "self" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badAddress.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownDomain.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asMember.StatusCode);
    }

    [Fact]
    public async Task Member_ReadsTheirOwnRecordsOnly()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Labeling:MinSecondsPerItem=0");
        for (var i = 0; i < 4; i++)
        {
            await node.AddImageAsync($"gold-{i}", gold: true, Contributor, x: 10 + i);
        }

        var wallet = EthECKey.GenerateKey();
        var session = await node.SignInAsync(wallet);
        var stranger = await node.SignInAsync(EthECKey.GenerateKey());
        await node.QualifyAsync(session);

        using var mine = await node.LabelerAsync(session, HttpMethod.Get, "/api/v1/me/labeling");
        using var theirs = await node.LabelerAsync(stranger, HttpMethod.Get, "/api/v1/me/labeling");
        using var shares = await node.LabelerAsync(session, HttpMethod.Get, "/api/v1/me/shares");
        using var purchases = await node.LabelerAsync(session, HttpMethod.Get, "/api/v1/me/purchases");
        using var anonymous = await node.LabelerAsync(null, HttpMethod.Get, "/api/v1/me/labeling");

        var record = Assert.Single((await mine.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList());
        Assert.Equal("faces", record.GetProperty("domain").GetString());
        Assert.Equal("Qualified", record.GetProperty("qualification").GetProperty("state").GetString());
        Assert.Empty((await theirs.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, shares.StatusCode);
        Assert.Equal(wallet.GetPublicAddress().ToLowerInvariant(), (await shares.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("account").GetString());
        Assert.Equal(HttpStatusCode.OK, purchases.StatusCode);
        Assert.Empty((await purchases.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
