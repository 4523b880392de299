using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;
using Nethereum.Signer;

namespace DataUnion.Node.Tests;

/// <summary>The append-only audit log: what the operator and members changed, through real HTTP and a real LiteDB file.</summary>
[Collection(HardhatChainCollection.Name)]
public sealed class AuditLogTests(HardhatChainFixture chain) : IDisposable
{
    private static readonly EthECKey Wallet = new("0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a");
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task StateChangingRequests_OfTheOperatorAndMembers_AreAppended_AndExportAsJsonLines()
    {
        await using var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path));
        using var pin = node.OperatorRequest(HttpMethod.Post, "/pins");
        pin.Content = JsonContent.Create(new { cid = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e" });
        (await node.Http.SendAsync(pin)).Dispose();
        (await node.Http.SendAsync(node.OperatorRequest(HttpMethod.Get, "/api/v1/node"))).Dispose();
        var session = await WalletSignIn.SessionAsync(node, chain, Wallet);
        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/signout");
        signOut.Headers.Authorization = new("Bearer", session);
        (await node.Http.SendAsync(signOut)).Dispose();

        using var read = await node.Http.SendAsync(node.OperatorRequest(HttpMethod.Get, "/api/v1/audit"));
        var entries = (await read.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(r => r.GetProperty("entry")).ToList();
        using var export = await node.Http.SendAsync(node.OperatorRequest(HttpMethod.Get, "/api/v1/audit/export"));
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var anonymous = await node.Http.GetAsync(new Uri("/api/v1/audit", UriKind.Relative));

        // The nonce and sign-in are anonymous and the GET changes nothing: two entries, in order.
        Assert.Equal(2, entries.Count);
        Assert.Equal(("operator", "POST", "/pins/", 202), (entries[0].GetProperty("who").GetString(), entries[0].GetProperty("method").GetString(), entries[0].GetProperty("route").GetString(), entries[0].GetProperty("status").GetInt32()));
        Assert.Equal(Wallet.GetPublicAddress(), entries[1].GetProperty("who").GetString(), ignoreCase: true);
        Assert.Equal(("member", "/api/v1/auth/signout", 204), (entries[1].GetProperty("role").GetString(), entries[1].GetProperty("route").GetString(), entries[1].GetProperty("status").GetInt32()));
        Assert.Equal("application/x-ndjson", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, lines.Length);
        Assert.Equal(1, JsonDocument.Parse(lines[0]).RootElement.GetProperty("sequence").GetInt64());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    public void Dispose() => _directory.Dispose();
}
