using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Core.Deployment;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Staking = DataUnion.Chain.Contracts.LabelerStaking;
using Token = DataUnion.Chain.Contracts.DataUnionToken;

namespace DataUnion.Node.Tests.Labeling;

/// <summary>
/// Labeling through Kestrel on a real node: labelers sign in with their wallets, qualify on gold,
/// label bundles with hidden gold, and the finished images' shares become a published version's
/// shares tree that pays a labeler on the real chain.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class LabelingApiTests(HardhatChainFixture chain) : IDisposable
{
    // Hardhat's development accounts 1-3 (public test keys) label; account 4 contributes.
    private static readonly EthECKey[] Labelers =
    [
        new("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
        new("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"),
        new("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6"),
    ];

    private const string Contributor = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Labeling_OverHttp_FinishesImagesWhoseSharesPayALabelerOnChain()
    {
        await using var snapshot = await chain.SnapshotAsync();
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Labeling:MinSecondsPerItem=0");
        for (var i = 0; i < 15; i++)
        {
            await node.AddImageAsync($"gold-{i}", gold: true, Contributor, x: 10 + i);
        }

        var real = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            real.Add(await node.AddImageAsync($"real-{i}", gold: false, Contributor, x: 100 + i));
        }

        var sessions = new List<string>();
        foreach (var wallet in Labelers)
        {
            var session = await node.SignInAsync(wallet);
            sessions.Add(session);
            await node.QualifyAsync(session);
            var bundle = await node.BundleAsync(session);
            var items = bundle.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(4, items.Count);
            Assert.Equal(3, items.Count(i => real.Contains(i.GetProperty("image").GetString()!)));

            // The labeler fetches an image of their bundle; the operator token does not open it.
            var url = items[0].GetProperty("url").GetString()!;
            using (var image = await node.LabelerAsync(session, HttpMethod.Get, url))
            {
                Assert.Equal(HttpStatusCode.OK, image.StatusCode);
                Assert.Equal(3000, (await image.Content.ReadAsByteArrayAsync()).Length);
                Assert.True(image.Headers.CacheControl is { Private: true, NoStore: true, Public: false }, $"Cache-Control: {image.Headers.CacheControl}");
            }

            using (var asOperator = await node.OperatorAsync(HttpMethod.Get, url))
            {
                Assert.NotEqual(HttpStatusCode.OK, asOperator.StatusCode);
            }

            using var answered = await node.LabelerAsync(session, HttpMethod.Post, $"/api/v1/labeling/bundles/{bundle.GetProperty("id").GetString()}/answers", node.Truthful(bundle));
            var receipt = await answered.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            Assert.True(receipt.GetProperty("goldPassed").GetBoolean());
            Assert.Equal(3, receipt.GetProperty("counted").GetInt32());
        }

        using var status = await node.OperatorAsync(HttpMethod.Get, $"/api/v1/labeling/images/{real[0]}");
        var finished = await status.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(finished.GetProperty("finished").GetBoolean());
        var face = Assert.Single(finished.GetProperty("objects").EnumerateArray().ToList());
        Assert.Equal(100, face.GetProperty("box")[0].GetDouble(), 6);
        Assert.Equal(3, face.GetProperty("supporters").GetArrayLength());
        Assert.Equal(3, finished.GetProperty("votingPowers").EnumerateObject().Count());

        using var sharesResponse = await node.OperatorAsync(HttpMethod.Get, "/api/v1/labeling/domains/faces/shares");
        var shares = await sharesResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, sharesResponse.StatusCode);
        Assert.Equal("6000", shares.GetProperty("totalShares").GetString());
        var owners = shares.GetProperty("owners").EnumerateArray().ToList();
        Assert.Equal(4, owners.Count);
        Assert.Equal(3000, owners.Single(o => o.GetProperty("account").GetString() == Contributor).GetProperty("shares").GetInt64());

        // Publish the version with that shares tree, buy it, and claim for the first labeler.
        using var publish = await node.OperatorAsync(HttpMethod.Post, "/api/v1/chain/versions", new
        {
            key = "faces-v1",
            datasetId = 9,
            imagesRoot = "0x" + new string('1', 64),
            sharesRoot = shares.GetProperty("sharesRoot").GetString(),
            totalShares = "6000",
            price = "6000000000000000000",
            manifestCid = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
        });
        Assert.Equal(HttpStatusCode.Accepted, publish.StatusCode);
        await Eventually.TrueAsync(async () =>
        {
            using var intent = await node.OperatorAsync(HttpMethod.Get, "/api/v1/chain/outbox/faces-v1");
            return (await intent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString() == "Confirmed";
        }, TimeSpan.FromSeconds(60), "the version was not published");
        var versionId = BigInteger.Parse(shares.GetProperty("versionId").GetString()!, CultureInfo.InvariantCulture);
        var labeler = Labelers[0].GetPublicAddress().ToLowerInvariant();
        var leaf = owners.Single(o => o.GetProperty("account").GetString() == labeler);
        await BuyAsync(versionId);

        // 2.5 % fee; the rest per share.
        var perShare = BigInteger.Parse("6000000000000000000", CultureInfo.InvariantCulture) * 9750 / 10000 * BigInteger.Pow(10, 18) / 6000;
        var expected = leaf.GetProperty("shares").GetInt64() * perShare / BigInteger.Pow(10, 18);

        // The labeler sees the version, their units and what the contract says they can claim.
        var mine = await MyVersionSharesAsync(node, sessions[0], v => v.GetProperty("claimable").GetString() != "0");
        Assert.Equal(versionId.ToString(CultureInfo.InvariantCulture), mine.GetProperty("versionId").GetString());
        Assert.Equal(leaf.GetProperty("shares").GetInt64(), mine.GetProperty("units").GetInt64());
        Assert.Equal(6000, mine.GetProperty("totalUnits").GetInt64());
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), mine.GetProperty("claimable").GetString());

        var paid = await ClaimAsync(versionId, labeler, leaf.GetProperty("shares").GetInt64(), [.. leaf.GetProperty("proof").EnumerateArray().Select(p => p.GetString()!.HexToByteArray())]);

        Assert.Equal(expected, paid);
        var after = await MyVersionSharesAsync(node, sessions[0], v => v.GetProperty("claimed").GetString() != "0");
        Assert.Equal("0", after.GetProperty("claimable").GetString());
        Assert.Equal(paid.ToString(CultureInfo.InvariantCulture), after.GetProperty("claimed").GetString());
    }

    /// <summary>The caller's one version in <c>GET /api/v1/me/shares</c>, once the indexer shows it as <paramref name="ready"/>.</summary>
    private static async Task<JsonElement> MyVersionSharesAsync(LabelingNode node, string session, Func<JsonElement, bool> ready)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await node.LabelerAsync(session, HttpMethod.Get, "/api/v1/me/shares");
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            var versions = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("versions");
            if (versions.GetArrayLength() != 1 || !ready(versions[0]))
            {
                return false;
            }

            found = versions[0].Clone();
            return true;
        }, TimeSpan.FromSeconds(30), "the member's shares of the version did not show");
        return found;
    }

    [Fact]
    public async Task Labeling_BadRequests_AreRefusedWithEveryReason()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Labeling:MinSecondsPerItem=0");
        var gold = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            gold.Add(await node.AddImageAsync($"g-{i}", gold: true, Contributor, x: 10 + i));
        }

        var alice = await node.SignInAsync(Labelers[0]);
        var bob = await node.SignInAsync(Labelers[1]);
        var unpinned = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

        using var noClasses = await node.OperatorAsync(HttpMethod.Put, "/api/v1/labeling/domains/lungs", new { minOverlap = 3 });
        using var badDomain = await node.OperatorAsync(HttpMethod.Put, "/api/v1/labeling/domains/lungs", new { classes = new { nodule = 1.5 }, qualificationSize = 2 });
        using var badImage = await node.OperatorAsync(HttpMethod.Post, "/api/v1/labeling/domains/faces/images", new { image = unpinned, width = 10, contributor = "someone" });
        using var unknownDomain = await node.LabelerAsync(alice, HttpMethod.Post, "/api/v1/labeling/domains/cats/bundles");
        using var anonymous = await node.LabelerAsync(null, HttpMethod.Post, "/api/v1/labeling/domains/faces/bundles");
        var bundle = await node.BundleAsync(alice);
        var path = $"/api/v1/labeling/bundles/{bundle.GetProperty("id").GetString()}/answers";
        var firstImage = bundle.GetProperty("items")[0].GetProperty("image").GetString();
        using var notYours = await node.LabelerAsync(bob, HttpMethod.Post, path, node.Truthful(bundle));
        using var badShape = await node.LabelerAsync(alice, HttpMethod.Post, path, new { answers = new object[] { new { image = gold[0], boxes = new object[] { new { label = "face", box = new[] { 1.0, 2.0 } } } } } });
        using var badBoxes = await node.LabelerAsync(alice, HttpMethod.Post, path, new { answers = new object[] { new { image = firstImage, boxes = new object[] { new { label = "dog", box = new[] { 1.0, 2, 3, 4 } }, new { label = "face", box = new[] { 190.0, 2, 30, 4 } } } } } });
        using var first = await node.LabelerAsync(alice, HttpMethod.Post, path, node.Truthful(bundle));
        using var retry = await node.LabelerAsync(alice, HttpMethod.Post, path, node.Truthful(bundle));
        using var duplicate = await node.LabelerAsync(alice, HttpMethod.Post, path, new
        {
            answers = bundle.GetProperty("items").EnumerateArray().Select(i => new { image = i.GetProperty("image").GetString(), boxes = Array.Empty<object>() }).ToList(),
        });
        using var blank = await node.LabelerAsync(alice, HttpMethod.Post, "/api/v1/labeling/domains/%20/bundles");
        using var foreignImage = await node.LabelerAsync(bob, HttpMethod.Get, bundle.GetProperty("items")[0].GetProperty("url").GetString()!);

        await AssertProblemAsync(noClasses, HttpStatusCode.BadRequest, "classes: at least one class");
        await AssertProblemAsync(badDomain, HttpStatusCode.BadRequest, "class 'nodule' needs an IoU threshold above 0 and at most 1, got 1.5", "at least 3 gold items");
        await AssertProblemAsync(badImage, HttpStatusCode.BadRequest, "is not pinned on this node", "contributor: 'someone' is not a wallet address", "width and height");
        await AssertProblemAsync(unknownDomain, HttpStatusCode.NotFound, "there is no labeling domain 'cats'");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        await AssertProblemAsync(notYours, HttpStatusCode.Forbidden, "was not assigned to " + Labelers[1].GetPublicAddress().ToLowerInvariant());
        await AssertProblemAsync(badShape, HttpStatusCode.BadRequest, "answers[0], box 0: expected {\\\"label\\\": <class>, \\\"box\\\": [x, y, width, height]}");
        await AssertProblemAsync(badBoxes, HttpStatusCode.BadRequest, "box 0: unknown class 'dog'", "box 1: box", "lies outside the 200×100 image", "of the bundle has no answer");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        await AssertProblemAsync(duplicate, HttpStatusCode.Conflict, "duplicate submission");
        await AssertProblemAsync(blank, HttpStatusCode.NotFound, "there is no labeling domain ' '");
        await AssertProblemAsync(foreignImage, HttpStatusCode.NotFound, "is not in an open bundle");
        using var me = await node.LabelerAsync(alice, HttpMethod.Get, "/api/v1/labeling/domains/faces/me");
        Assert.Equal(1, (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("standing").GetProperty("strikes").GetInt32());
    }

    [Fact]
    public async Task Labeling_AnswerFasterThanAPerson_Is422AndAStrike()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Labeling:MinSecondsPerItem=60");
        for (var i = 0; i < 3; i++)
        {
            await node.AddImageAsync($"fast-{i}", gold: true, Contributor, x: 10 + i);
        }

        var session = await node.SignInAsync(Labelers[2]);
        var bundle = await node.BundleAsync(session);

        using var response = await node.LabelerAsync(session, HttpMethod.Post, $"/api/v1/labeling/bundles/{bundle.GetProperty("id").GetString()}/answers", node.Truthful(bundle));

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "take a person at least 180 s");
        using var me = await node.LabelerAsync(session, HttpMethod.Get, "/api/v1/labeling/domains/faces/me");
        var record = await me.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, record.GetProperty("standing").GetProperty("strikes").GetInt32());
        Assert.Equal(0, record.GetProperty("qualification").GetProperty("answers").GetInt32());
    }

    [Fact]
    public async Task Labeling_StakeOnChain_IsReadFromTheIndexerIntoVotingPower()
    {
        await using var snapshot = await chain.SnapshotAsync();
        await using var node = await LabelingNode.StartAsync(chain, _directory);
        var labeler = Labelers[0].GetPublicAddress();
        var path = $"/api/v1/labeling/domains/faces/labelers/{labeler}";
        using var before = await node.OperatorAsync(HttpMethod.Get, path);
        var unstaked = await before.Content.ReadFromJsonAsync<JsonElement>();

        await StakeAsync(Labelers[0], BigInteger.Pow(10, 18) * 4);

        JsonElement staked = default;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await node.OperatorAsync(HttpMethod.Get, path);
            staked = await response.Content.ReadFromJsonAsync<JsonElement>();
            return staked.GetProperty("stake").GetDouble() > 0;
        }, TimeSpan.FromSeconds(30), "the stake never reached the labeler's record");
        Assert.Equal(0, unstaked.GetProperty("stake").GetDouble());
        Assert.Equal(4e18, staked.GetProperty("stake").GetDouble());
        // g = 1 + √4 = 3, the cap: three times the unstaked voting power.
        Assert.Equal(3 * unstaked.GetProperty("votingPower").GetDouble(), staked.GetProperty("votingPower").GetDouble(), 9);
    }

    public void Dispose() => _directory.Dispose();

    private async Task StakeAsync(EthECKey labeler, BigInteger amount)
    {
        var record = DeploymentRecordParser.Parse(await File.ReadAllTextAsync(chain.DeploymentRecordPath));
        var token = record.GetContract("DataUnionToken").Address;
        var staking = record.GetContract("LabelerStaking").Address;
        var operatorWeb3 = new Web3(new Account(RunningNode.OperatorPrivateKey, chain.ChainId), chain.RpcUrl);
        await operatorWeb3.Eth.GetContractTransactionHandler<Token.TransferFunction>().SendRequestAndWaitForReceiptAsync(
            token, new Token.TransferFunction { To = labeler.GetPublicAddress(), Value = amount });
        var web3 = new Web3(new Account(labeler, chain.ChainId), chain.RpcUrl);
        await web3.Eth.GetContractTransactionHandler<Token.ApproveFunction>().SendRequestAndWaitForReceiptAsync(token, new Token.ApproveFunction { Spender = staking, Value = amount });
        var receipt = await web3.Eth.GetContractTransactionHandler<Staking.StakeFunction>().SendRequestAndWaitForReceiptAsync(staking, new Staking.StakeFunction { Amount = amount });
        Assert.Equal(1, (int)receipt.Status.Value);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, params string[] fragments)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        foreach (var fragment in fragments)
        {
            Assert.True(body.Contains(fragment, StringComparison.Ordinal), $"'{fragment}' is not in: {body}");
        }
    }

    private async Task BuyAsync(BigInteger versionId)
    {
        var record = DeploymentRecordParser.Parse(await File.ReadAllTextAsync(chain.DeploymentRecordPath));
        var market = record.GetContract("DatasetMarket").Address;
        var token = record.GetContract("DataUnionToken").Address;
        var web3 = new Web3(new Account(RunningNode.OperatorPrivateKey, chain.ChainId), chain.RpcUrl);
        var price = BigInteger.Parse("6000000000000000000", CultureInfo.InvariantCulture);
        await web3.Eth.GetContractTransactionHandler<Token.ApproveFunction>().SendRequestAndWaitForReceiptAsync(token, new Token.ApproveFunction { Spender = market, Value = price });
        await web3.Eth.GetContractTransactionHandler<PurchaseFunction>().SendRequestAndWaitForReceiptAsync(market, new PurchaseFunction { VersionId = versionId, MaxPrice = price });
    }

    private async Task<BigInteger> ClaimAsync(BigInteger versionId, string account, long shares, List<byte[]> proof)
    {
        var record = DeploymentRecordParser.Parse(await File.ReadAllTextAsync(chain.DeploymentRecordPath));
        var market = record.GetContract("DatasetMarket").Address;
        var token = record.GetContract("DataUnionToken").Address;
        var web3 = new Web3(new Account(RunningNode.OperatorPrivateKey, chain.ChainId), chain.RpcUrl);
        var before = await BalanceAsync(web3, token, account);
        var claim = await web3.Eth.GetContractTransactionHandler<ClaimVersionFunction>().SendRequestAndWaitForReceiptAsync(
            market, new ClaimVersionFunction { VersionId = versionId, Account = account, Shares = shares, Proof = proof });
        Assert.Equal(1, (int)claim.Status.Value);
        return await BalanceAsync(web3, token, account) - before;
    }

    private static Task<BigInteger> BalanceAsync(Web3 web3, string token, string account) =>
        web3.Eth.GetContractQueryHandler<Token.BalanceOfFunction>().QueryAsync<BigInteger>(token, new Token.BalanceOfFunction { Account = account });
}
