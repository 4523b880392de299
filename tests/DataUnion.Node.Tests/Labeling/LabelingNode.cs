using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DataUnion.Chain.Wallets;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;
using Nethereum.Signer;

namespace DataUnion.Node.Tests.Labeling;

/// <summary>
/// A real node with the operator wallet and a "faces" domain, images added through the kubo RPC
/// (so they are pinned) with known true boxes, and helpers that act as the operator or as a
/// signed-in labeler.
/// </summary>
internal sealed class LabelingNode : IAsyncDisposable
{
    private readonly Dictionary<string, object[]> _truth = new(StringComparer.Ordinal);
    private readonly HardhatChainFixture _chain;

    private LabelingNode(RunningNode node, HardhatChainFixture chain)
    {
        Node = node;
        _chain = chain;
    }

    public RunningNode Node { get; }

    public static async Task<LabelingNode> StartAsync(HardhatChainFixture chain, TempDirectory directory, params string[] settings)
    {
        var node = await RunningNode.StartWithOperatorWalletAsync(chain, directory.Combine("node-" + Guid.NewGuid().ToString("N")), ["--Labeling:BundleSize=4", .. settings]);
        var labeling = new LabelingNode(node, chain);
        using var domain = await labeling.OperatorAsync(HttpMethod.Put, "/api/v1/labeling/domains/faces", new { classes = new { face = 0.5 }, qualificationSize = 3, goldRatio = 0.25 });
        domain.EnsureSuccessStatusCode();
        return labeling;
    }

    /// <summary>Adds an image through <c>/api/v0/add</c> (pinned) and puts it up for labeling with one true face.</summary>
    public async Task<string> AddImageAsync(string name, bool gold, string contributor, int x)
    {
        var cid = await PinAsync(name);
        object[] face = [new { label = "face", box = new double[] { x, 20, 40, 40 } }];
        _truth[cid] = face;
        using var response = await OperatorAsync(HttpMethod.Post, "/api/v1/labeling/domains/faces/images", new { image = cid, width = 200, height = 100, contributor, gold = gold ? face : null });
        response.EnsureSuccessStatusCode();
        return cid;
    }

    /// <summary>Records the true boxes of an image put up some other way (a member's contribution), for <see cref="Truthful"/>.</summary>
    public void SetTruth(string cid, object[] boxes) => _truth[cid] = boxes;

    public async Task<string> PinAsync(string name)
    {
        using var request = Node.OperatorRequest(HttpMethod.Post, "/api/v0/add");
        request.Content = Multipart.Files(($"{name}.jpg", DeterministicBytes.Generate(name, 3000)));
        using var response = await Node.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("Hash").GetString()!;
    }

    public Task<string> SignInAsync(EthECKey wallet) => WalletSignIn.SessionAsync(Node, _chain, wallet);

    public object Truthful(JsonElement bundle) => new
    {
        answers = bundle.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("image").GetString()!).Select(cid => new { image = cid, boxes = _truth[cid] }).ToList(),
    };

    /// <summary>Takes a labeler through the qualification with truthful answers.</summary>
    public async Task QualifyAsync(string session)
    {
        for (var round = 0; round < 3; round++)
        {
            using var me = await LabelerAsync(session, HttpMethod.Get, "/api/v1/labeling/domains/faces/me");
            if ((await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("qualification").GetProperty("state").GetString() == "Qualified")
            {
                return;
            }

            var bundle = await BundleAsync(session);
            using var answered = await LabelerAsync(session, HttpMethod.Post, $"/api/v1/labeling/bundles/{bundle.GetProperty("id").GetString()}/answers", Truthful(bundle));
            answered.EnsureSuccessStatusCode();
        }

        throw new InvalidOperationException("the labeler did not qualify");
    }

    /// <summary>Each labeler signs in, qualifies, then answers bundles truthfully until the node has none left for them (at most <paramref name="rounds"/>).</summary>
    public async Task LabelEverythingAsync(IEnumerable<EthECKey> labelers, int rounds = 20)
    {
        foreach (var wallet in labelers)
        {
            var labeler = await SignInAsync(wallet);
            await QualifyAsync(labeler);
            for (var round = 0; round < rounds; round++)
            {
                using var next = await LabelerAsync(labeler, HttpMethod.Post, "/api/v1/labeling/domains/faces/bundles");
                if (next.StatusCode == HttpStatusCode.NotFound)
                {
                    break; // nothing left for this labeler
                }

                next.EnsureSuccessStatusCode();
                var bundle = await next.Content.ReadFromJsonAsync<JsonElement>();
                using var answered = await LabelerAsync(labeler, HttpMethod.Post, $"/api/v1/labeling/bundles/{bundle.GetProperty("id").GetString()}/answers", Truthful(bundle));
                answered.EnsureSuccessStatusCode();
            }
        }
    }

    public async Task<JsonElement> BundleAsync(string session)
    {
        using var response = await LabelerAsync(session, HttpMethod.Post, "/api/v1/labeling/domains/faces/bundles");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<HttpResponseMessage> OperatorAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = Node.OperatorRequest(method, path);
        request.Content = body is null ? null : JsonContent.Create(body);
        return await Node.Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> LabelerAsync(string? session, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (session is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);
        }

        request.Content = body is null ? null : JsonContent.Create(body);
        return await Node.Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync() => await Node.DisposeAsync();
}
