using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Versions;
using DataUnion.Core.Content;
using DataUnion.Core.Deployment;
using DataUnion.Node.Tests.Contributions;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using Nethereum.Util;
using Nethereum.Web3;
using static DataUnion.Node.Tests.Contributions.ContributionClient;

namespace DataUnion.Node.Tests.Versions;

/// <summary>
/// Building and publishing a dataset version on a real node and chain: contributed photos are
/// consented and labeled, the version's directory holds them with COCO annotations and a manifest,
/// its tree dumps load in <c>@openzeppelin/merkle-tree</c> with the same roots, and the proofs
/// taken from them verify on the market once it is published.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class VersionsApiTests(HardhatChainFixture chain) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task BuildAndPublish_ConsentedImages_DumpsLoadInOpenZeppelin_AndProofsVerifyOnChain()
    {
        await using var snapshot = await chain.SnapshotAsync();
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Labeling:MinSecondsPerItem=0");
        var (contributor, session, cids) = await FinishedContributions.CreateAsync(node);
        using (var withdraw = await SendAsync(node, session, HttpMethod.Delete, $"/api/v1/contributions/{cids[0]}"))
        {
            withdraw.EnsureSuccessStatusCode();
        }

        // Build: the withdrawn photo is left out, with its reason.
        using var built = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions", new { domain = "FACES", price = "1000" });
        var draft = await built.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, built.StatusCode);
        Assert.Equal("draft", draft.GetProperty("state").GetString());
        Assert.Equal("faces", draft.GetProperty("domain").GetString());
        Assert.Equal(2, draft.GetProperty("imageCount").GetInt32());
        var excluded = Assert.Single(draft.GetProperty("excluded").EnumerateArray());
        Assert.Equal(cids[0], excluded.GetProperty("cid").GetString());
        Assert.Contains("withdrawn", excluded.GetProperty("reason").GetString());
        var versionId = draft.GetProperty("versionId").GetInt64();
        Assert.Equal(DatasetIds.Of("faces").ToString(CultureInfo.InvariantCulture), draft.GetProperty("datasetId").GetString());

        // The manifest: every image with a consent that recovers to its contributor and hashes to its consentHash.
        var manifest = await DraftJsonAsync(node, VersionContent.ManifestPath);
        Assert.Equal(VersionContent.ManifestFormat, manifest.GetProperty("format").GetString());
        Assert.Equal(draft.GetProperty("imagesRoot").GetString(), manifest.GetProperty("imagesRoot").GetString());
        var images = manifest.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(cids.Skip(1).Order(StringComparer.Ordinal), images.Select(i => i.GetProperty("cid").GetString()));
        foreach (var image in images)
        {
            var typedData = TypedData(manifest, image);
            Assert.Equal(image.GetProperty("consentHash").GetString(), "0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(Eip712TypedDataSigner.Current.EncodeTypedData(typedData))));
            var signer = Eip712TypedDataSigner.Current.RecoverFromSignatureV4(typedData, image.GetProperty("consent").GetProperty("signature").GetString()!);
            Assert.Equal(contributor.GetPublicAddress(), signer, ignoreCase: true);
            Assert.Equal(FinishedContributions.Labelers.Select(l => l.GetPublicAddress()).Order(StringComparer.OrdinalIgnoreCase), image.GetProperty("labelers").EnumerateArray().Select(l => l.GetString()!), StringComparer.OrdinalIgnoreCase);
            Assert.Equal(1000, image.GetProperty("shares").GetProperty(AddressUtil.Current.ConvertToChecksumAddress(contributor.GetPublicAddress())).GetInt64());
        }

        // COCO: the consensus boxes are the truthful labels.
        var coco = await DraftJsonAsync(node, VersionContent.AnnotationsPath);
        Assert.Equal("face", coco.GetProperty("categories")[0].GetProperty("name").GetString());
        foreach (var annotation in coco.GetProperty("annotations").EnumerateArray())
        {
            var file = coco.GetProperty("images").EnumerateArray().Single(i => i.GetProperty("id").GetInt32() == annotation.GetProperty("image_id").GetInt32());
            var cid = file.GetProperty("file_name").GetString()!["images/".Length..^".jpg".Length];
            Assert.Equal((200, 100), (file.GetProperty("width").GetInt32(), file.GetProperty("height").GetInt32()));
            Assert.Equal(FinishedContributions.Face(cids.IndexOf(cid)), annotation.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()));
            Assert.Equal(1600, annotation.GetProperty("area").GetDouble());
            Assert.Equal(0, annotation.GetProperty("iscrowd").GetInt32());
            Assert.Equal(1, annotation.GetProperty("category_id").GetInt32());
        }

        Assert.Equal(2, coco.GetProperty("annotations").GetArrayLength());

        // The dumps, loaded by the npm library: the draft's roots, and a proof for every value.
        var imagesDump = _directory.Combine("images.json");
        var sharesDump = _directory.Combine("shares.json");
        await File.WriteAllBytesAsync(imagesDump, await DraftBytesAsync(node, VersionContent.ImagesTreePath));
        await File.WriteAllBytesAsync(sharesDump, await DraftBytesAsync(node, VersionContent.SharesTreePath));
        var loaded = JsonDocument.Parse(await NodeJs.RunAsync("tests/reference/merkle-dump.mjs", TimeSpan.FromMinutes(1), imagesDump, sharesDump)).RootElement;
        Assert.Equal(draft.GetProperty("imagesRoot").GetString(), loaded[0].GetProperty("root").GetString());
        Assert.Equal(draft.GetProperty("sharesRoot").GetString(), loaded[1].GetProperty("root").GetString());
        Assert.Equal(
            BigInteger.Parse(draft.GetProperty("totalShares").GetString()!, CultureInfo.InvariantCulture),
            loaded[1].GetProperty("values").EnumerateArray().Aggregate(BigInteger.Zero, (sum, v) => sum + BigInteger.Parse(v[4].GetString()!, CultureInfo.InvariantCulture)));

        // Rebuilding a draft gives the same trees; published versions cannot be seen before publishing.
        using (var rebuilt = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions", new { domain = "faces", price = "1000" }))
        {
            var again = await rebuilt.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(draft.GetProperty("imagesRoot").GetString(), again.GetProperty("imagesRoot").GetString());
            Assert.Equal(draft.GetProperty("sharesRoot").GetString(), again.GetProperty("sharesRoot").GetString());
            draft = again;
        }

        using (var early = await node.Node.Http.GetAsync(new Uri($"/api/v1/versions/{versionId}/manifest.json", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
        }

        // Publish: the outbox sends it, the index sees it, and anyone can list it and read its public files.
        using var published = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions/drafts/faces/publish");
        Assert.Equal(HttpStatusCode.Accepted, published.StatusCode);
        var listed = await PublicVersionAsync(node, versionId);
        Assert.Equal("faces", listed.GetProperty("dataset").GetString());
        Assert.Equal(2, listed.GetProperty("imageCount").GetInt32());
        Assert.Equal("1000", listed.GetProperty("price").GetString());
        Assert.Equal(0, listed.GetProperty("purchases").GetInt32());
        Assert.Equal(Cid.Parse(draft.GetProperty("root").GetString()!).ToV1().ToString(), listed.GetProperty("manifestCid").GetString());
        using (var manifestPublic = await node.Node.Http.GetAsync(new Uri($"/api/v1/versions/{versionId}/manifest.json", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, manifestPublic.StatusCode);
            Assert.Equal(draft.GetProperty("imagesRoot").GetString(), (await manifestPublic.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imagesRoot").GetString());
        }

        using (var annotationsPublic = await node.Node.Http.GetAsync(new Uri($"/api/v1/versions/{versionId}/annotations.json", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, annotationsPublic.StatusCode);
            Assert.Contains("buyers only", await annotationsPublic.Content.ReadAsStringAsync());
        }

        // The draft is gone; the version is immutable; the contributor sees the images in it.
        using (var gone = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions/drafts/faces/publish"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        var mine = await ListAsync(node, session);
        Assert.Equal(["withdrawn", "in-version", "in-version"], mine.Select(m => m.GetProperty("status").GetString()));
        Assert.Equal(versionId.ToString(CultureInfo.InvariantCulture), mine[1].GetProperty("versions")[0].GetString());

        // The proofs the npm library took from the dumps verify on the market.
        var (web3, market) = await MarketAsync();
        foreach (var (value, proof) in loaded[0].GetProperty("values").EnumerateArray().Zip(loaded[0].GetProperty("proofs").EnumerateArray()))
        {
            Assert.True(await web3.Eth.GetContractQueryHandler<VerifyImageFunction>().QueryAsync<bool>(market, new VerifyImageFunction
            {
                VersionId = versionId,
                CidDigest = Convert.FromHexString(value[3].GetString()![2..]),
                Contributor = value[4].GetString()!,
                ConsentHash = Convert.FromHexString(value[5].GetString()![2..]),
                Proof = [.. proof.EnumerateArray().Select(p => Convert.FromHexString(p.GetString()![2..]))],
            }));
        }
    }

    [Fact]
    public async Task Publish_AfterTheMarketsNextIdMoved_Is409_AndABuildAfterwardsPublishes()
    {
        await using var snapshot = await chain.SnapshotAsync();
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Labeling:MinSecondsPerItem=0");
        await FinishedContributions.CreateAsync(node);
        using var built = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions", new { domain = "faces", price = "1000" });
        var draft = await built.Content.ReadFromJsonAsync<JsonElement>();

        // Someone publishes another version first (here the operator, through the raw chain API).
        using (var other = await node.OperatorAsync(HttpMethod.Post, "/api/v1/chain/versions", new
        {
            key = "other",
            datasetId = 5,
            imagesRoot = "0x" + new string('1', 64),
            sharesRoot = "0x" + new string('2', 64),
            totalShares = "10",
            price = "10",
            manifestCid = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
        }))
        {
            Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
        }

        await PublicVersionAsync(node, draft.GetProperty("versionId").GetInt64());
        using var stale = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions/drafts/faces/publish");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Build 'faces' again", await stale.Content.ReadAsStringAsync());

        using var rebuilt = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions", new { domain = "faces", price = "1000" });
        var fresh = await rebuilt.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(draft.GetProperty("versionId").GetInt64() + 1, fresh.GetProperty("versionId").GetInt64());
        Assert.NotEqual(draft.GetProperty("imagesRoot").GetString(), fresh.GetProperty("imagesRoot").GetString());
        using var publish = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions/drafts/faces/publish");
        Assert.Equal(HttpStatusCode.Accepted, publish.StatusCode);
        Assert.Equal(3, (await PublicVersionAsync(node, fresh.GetProperty("versionId").GetInt64())).GetProperty("imageCount").GetInt32());
    }

    [Fact]
    public async Task PublicGateway_ServesAVersionsManifestAndDumps_NeverItsImagesOrAnnotations()
    {
        await using var snapshot = await chain.SnapshotAsync();
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Labeling:MinSecondsPerItem=0", "--Ipfs:PublicGateway=true");
        var (_, _, cids) = await FinishedContributions.CreateAsync(node);
        var ordinary = await node.PinAsync("operator-notes");
        using var built = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions", new { domain = "faces", price = "1000" });
        var draft = await built.Content.ReadFromJsonAsync<JsonElement>();
        var root = draft.GetProperty("root").GetString()!;
        var annotations = draft.GetProperty("files").GetProperty("annotations.json").GetString()!;

        // A draft is nobody's business but the operator's.
        Assert.Equal(HttpStatusCode.Forbidden, await AnonymousAsync(node, $"/ipfs/{root}/manifest.json"));

        using (var publish = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions/drafts/faces/publish"))
        {
            Assert.Equal(HttpStatusCode.Accepted, publish.StatusCode);
        }

        await PublicVersionAsync(node, draft.GetProperty("versionId").GetInt64());

        // Public: what an auditor needs to tie the manifest to the root on chain, and the operator's own content.
        Assert.Equal(HttpStatusCode.OK, await AnonymousAsync(node, $"/ipfs/{root}?format=raw"));
        Assert.Equal(HttpStatusCode.OK, await AnonymousAsync(node, $"/ipfs/{root}?format=car&dag-scope=block"));
        Assert.Equal(HttpStatusCode.OK, await AnonymousAsync(node, $"/ipfs/{root}/manifest.json"));
        Assert.Equal(HttpStatusCode.OK, await AnonymousAsync(node, $"/ipfs/{root}/trees/shares.json"));
        Assert.Equal(HttpStatusCode.OK, await AnonymousAsync(node, $"/ipfs/{draft.GetProperty("files").GetProperty("manifest.json").GetString()}?format=car"));
        Assert.Equal(HttpStatusCode.OK, await AnonymousAsync(node, $"/ipfs/{ordinary}"));

        // Not public, whatever CID or path names them: the images, the annotations, the whole version.
        foreach (var path in new[]
        {
            $"/ipfs/{cids[0]}", $"/ipfs/{Cid.Parse(cids[0]).ToV1()}?format=raw", $"/ipfs/{root}/images/{cids[1]}.jpg", $"/ipfs/{root}/annotations.json",
            $"/ipfs/{annotations}", $"/ipfs/{root}?format=car", $"/ipfs/{root}/images",
        })
        {
            Assert.True(await AnonymousAsync(node, path) == HttpStatusCode.Forbidden, $"{path} was served to the public");
        }

        // The operator's token still reads everything.
        using var operatorRead = await node.OperatorAsync(HttpMethod.Get, $"/ipfs/{cids[0]}");
        Assert.Equal(HttpStatusCode.OK, operatorRead.StatusCode);
    }

    private static async Task<HttpStatusCode> AnonymousAsync(LabelingNode node, string path)
    {
        using var response = await node.Node.Http.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }

    [Fact]
    public async Task Build_BadRequests_SayWhatIsWrong()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory);

        using var fields = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions", new { price = "-1", token = "0xnope" });
        using var unknown = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions", new { domain = "cats", price = "1" });
        using var empty = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions", new { domain = "faces", price = "1" });
        using var tooDear = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions", new { domain = "faces", price = BigInteger.Pow(2, 128).ToString(CultureInfo.InvariantCulture) });
        using var noDraft = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions/drafts/faces/publish");
        using var anonymous = await node.Node.Http.PostAsJsonAsync(new Uri("/api/v1/versions", UriKind.Relative), new { domain = "faces", price = "1" });
        using var badId = await node.Node.Http.GetAsync(new Uri("/api/v1/versions/one", UriKind.Relative));
        using var missing = await node.Node.Http.GetAsync(new Uri("/api/v1/versions/999999", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, fields.StatusCode);
        var problem = await fields.Content.ReadAsStringAsync();
        foreach (var fragment in new[] { "domain: required", "price: expected a decimal integer", "token: '0xnope' is not an address" })
        {
            Assert.Contains(fragment, problem);
        }

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no labeling domain 'cats'", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, empty.StatusCode);
        Assert.Contains("no finished image with a standing consent", await empty.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, tooDear.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noDraft.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    /// <summary>The typed data of one manifest image: the manifest's shared consent domain and types with the image's message.</summary>
    private static string TypedData(JsonElement manifest, JsonElement image)
    {
        var shared = System.Text.Json.Nodes.JsonNode.Parse(manifest.GetProperty("consent").GetRawText())!.AsObject();
        shared["message"] = System.Text.Json.Nodes.JsonNode.Parse(image.GetProperty("consent").GetProperty("message").GetRawText());
        return shared.ToJsonString();
    }

    private static async Task<byte[]> DraftBytesAsync(LabelingNode node, string path)
    {
        using var response = await node.OperatorAsync(HttpMethod.Get, $"/api/v1/versions/drafts/faces/{path}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<JsonElement> DraftJsonAsync(LabelingNode node, string path) =>
        JsonDocument.Parse(await DraftBytesAsync(node, path)).RootElement.Clone();

    /// <summary>Waits until the public listing shows <paramref name="versionId"/> (mined and indexed), anonymously.</summary>
    private static async Task<JsonElement> PublicVersionAsync(LabelingNode node, long versionId)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await node.Node.Http.GetAsync(new Uri("/api/v1/versions", UriKind.Relative));
            var versions = await response.Content.ReadFromJsonAsync<JsonElement>();
            found = versions.ValueKind == JsonValueKind.Array
                ? versions.EnumerateArray().FirstOrDefault(v => v.GetProperty("versionId").GetString() == versionId.ToString(CultureInfo.InvariantCulture))
                : default;
            return found.ValueKind == JsonValueKind.Object && (found.GetProperty("dataset").ValueKind == JsonValueKind.String || found.GetProperty("datasetId").GetString() == "5");
        }, TimeSpan.FromSeconds(60), $"version {versionId} in the public listing");
        return found;
    }

    private async Task<(Web3 Web3, string Market)> MarketAsync()
    {
        var record = DeploymentRecordParser.Parse(await File.ReadAllTextAsync(chain.DeploymentRecordPath));
        return (new Web3(chain.RpcUrl), record.GetContract("DatasetMarket").Address);
    }
}
