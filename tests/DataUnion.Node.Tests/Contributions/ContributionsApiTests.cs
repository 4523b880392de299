using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataUnion.Chain.Signing;
using DataUnion.Core.Content;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;
using DataUnion.Testing.Images;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using static DataUnion.Node.Tests.Contributions.ContributionClient;

namespace DataUnion.Node.Tests.Contributions;

/// <summary>
/// A contributor's whole path through a real node (Kestrel, LiteDB file, block store, Hardhat
/// chain): sign in, upload photos that carry GPS, sign the consent, watch them get labeled and
/// finished with a pending share, and withdraw one.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class ContributionsApiTests(HardhatChainFixture chain) : IDisposable
{
    // Hardhat's development accounts 1-3 (public test keys) label.
    private static readonly EthECKey[] Labelers =
    [
        new("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
        new("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"),
        new("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6"),
    ];

    private static readonly string[] Photos = ["park", "market", "kitchen"];
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static object[] Face(int i) => [new { label = "face", box = new double[] { 30 + (60 * i), 20, 40, 40 } }];

    [Fact]
    public async Task MemberPath_UploadConsentLabelFinish_ThenWithdrawOne()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Labeling:MinSecondsPerItem=0");
        for (var i = 0; i < 15; i++)
        {
            await node.AddImageAsync($"gold-{i}", gold: true, "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65", x: 10 + i);
        }

        var contributor = EthECKey.GenerateKey();
        var address = contributor.GetPublicAddress().ToLowerInvariant();
        var session = await node.SignInAsync(contributor);

        // Upload: three phone photos with GPS, and two attributes for the fairness statistics.
        using var upload = await SendAsync(node, session, HttpMethod.Post, "/api/v1/contributions",
            Form("faces", Photos.Select(p => (p + ".jpg", Photo(p))), new { region = "europe", skinTone = "monk-05" }));
        var uploaded = await UploadedAsync(upload);
        Assert.Equal(3, uploaded.Count);
        var cids = uploaded.Select(u => u.GetProperty("cid").GetString()!).ToList();
        foreach (var (item, i) in uploaded.Select((u, i) => (u, i)))
        {
            Assert.Equal("awaiting-consent", item.GetProperty("status").GetString());
            Assert.Equal((200, 100), (item.GetProperty("width").GetInt32(), item.GetProperty("height").GetInt32()));
            var message = item.GetProperty("consent").GetProperty("typedData").GetProperty("message");
            Assert.Equal(address, message.GetProperty("contributor").GetString()!.ToLowerInvariant());
            Assert.Equal("0x" + Convert.ToHexStringLower(Cid.Parse(cids[i]).Hash.Digest), message.GetProperty("image").GetString());
            Assert.Equal("faces", message.GetProperty("dataset").GetString());
            // The hash commits to the answers under a salt of the contribution's own, shown to its
            // contributor: hashing every combination of the few values there are finds nothing.
            var salt = item.GetProperty("attributesSalt").GetString()!;
            Assert.Equal(32, Convert.FromHexString(salt[2..]).Length);
            Assert.Equal("0x" + Convert.ToHexStringLower(ConsentSigner.Keccak($"salt={salt}\nregion=europe\nskinTone=monk-05")), message.GetProperty("attributesHash").GetString());
            Assert.NotEqual("0x" + Convert.ToHexStringLower(ConsentSigner.Keccak("region=europe\nskinTone=monk-05")), message.GetProperty("attributesHash").GetString());
        }

        var hashes = uploaded.Select(u => u.GetProperty("consent").GetProperty("typedData").GetProperty("message").GetProperty("attributesHash").GetString()).ToList();
        Assert.Equal(3, hashes.Distinct().Count());

        // What the node keeps has no EXIF and no GPS, and decodes to the very pixels uploaded.
        for (var i = 0; i < 3; i++)
        {
            using var stored = await node.OperatorAsync(HttpMethod.Get, $"/ipfs/{cids[i]}");
            var bytes = await stored.Content.ReadAsByteArrayAsync();
            var directories = ImageMetadataReader.ReadMetadata(new MemoryStream(bytes));
            Assert.Empty(directories.OfType<GpsDirectory>());
            Assert.Empty(directories.OfType<ExifIfd0Directory>());
            Assert.NotEmpty(ImageMetadataReader.ReadMetadata(new MemoryStream(Photo(Photos[i]))).OfType<GpsDirectory>());
            Assert.Equal(ImageFixtures.Pixels(Photo(Photos[i])), ImageFixtures.Pixels(bytes));
        }

        // Consent: the typed data the node returned, signed as a wallet signs eth_signTypedData_v4.
        foreach (var item in uploaded)
        {
            var typedData = item.GetProperty("consent").GetProperty("typedData").GetRawText();
            var signature = Eip712TypedDataSigner.Current.SignTypedDataV4(typedData, contributor);
            using var consent = await ConsentAsync(node, session, item.GetProperty("cid").GetString()!, signature);
            var consented = await consent.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
            Assert.Equal("in-labeling", consented.GetProperty("status").GetString());
            Assert.Equal("eoa", consented.GetProperty("consent").GetProperty("signer").GetString());
            Assert.Equal(
                "0x" + Convert.ToHexStringLower(Nethereum.Util.Sha3Keccack.Current.CalculateHash(Eip712TypedDataSigner.Current.EncodeTypedData(typedData))),
                consented.GetProperty("consent").GetProperty("digest").GetString());
        }

        // Three labelers qualify on gold and label the contributed photos truthfully.
        for (var i = 0; i < 3; i++)
        {
            node.SetTruth(cids[i], Face(i));
        }

        foreach (var wallet in Labelers)
        {
            var labeler = await node.SignInAsync(wallet);
            await node.QualifyAsync(labeler);
            var bundle = await node.BundleAsync(labeler);
            Assert.Equal(3, bundle.GetProperty("items").EnumerateArray().Count(i => cids.Contains(i.GetProperty("image").GetString()!)));
            using var answered = await node.LabelerAsync(labeler, HttpMethod.Post, $"/api/v1/labeling/bundles/{bundle.GetProperty("id").GetString()}/answers", node.Truthful(bundle));
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }

        var mine = await ListAsync(node, session);
        Assert.Equal(cids, mine.Select(m => m.GetProperty("cid").GetString()));
        Assert.Equal(uploaded.Select(u => u.GetProperty("attributesSalt").GetString()), mine.Select(m => m.GetProperty("attributesSalt").GetString()));
        Assert.All(mine, m =>
        {
            Assert.Equal("finished", m.GetProperty("status").GetString());
            Assert.True(m.GetProperty("labeling").GetProperty("contributorShares").GetInt64() > 0);
        });
        using var sharesBefore = await node.OperatorAsync(HttpMethod.Get, "/api/v1/labeling/domains/faces/shares");
        var contributorUnits = ContributorUnits(await sharesBefore.Content.ReadFromJsonAsync<JsonElement>(), address);

        // Withdraw one: out of the pool and of future versions' shares, unpinned, and gone after GC.
        using var withdraw = await SendAsync(node, session, HttpMethod.Delete, $"/api/v1/contributions/{cids[0]}");
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
        Assert.Equal("withdrawn", (await withdraw.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        using var image = await node.OperatorAsync(HttpMethod.Get, $"/api/v1/labeling/images/{cids[0]}");
        Assert.True((await image.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("withdrawn").GetBoolean());
        using var sharesAfter = await node.OperatorAsync(HttpMethod.Get, "/api/v1/labeling/domains/faces/shares");
        Assert.True(ContributorUnits(await sharesAfter.Content.ReadFromJsonAsync<JsonElement>(), address) < contributorUnits);
        Assert.DoesNotContain(cids[0], await PinsAsync(node));
        Assert.Contains(cids[1], await PinsAsync(node));
        using (var gc = await node.OperatorAsync(HttpMethod.Post, "/api/v0/repo/gc"))
        {
            gc.EnsureSuccessStatusCode();
        }

        using var gone = await node.OperatorAsync(HttpMethod.Get, $"/ipfs/{cids[0]}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(["withdrawn", "finished", "finished"], (await ListAsync(node, session)).Select(m => m.GetProperty("status").GetString()));

        // The statistics count the two consented images that stand, never per image: one
        // contributor is fewer than k, so no value is shown, and the answer says why.
        using var statistics = await node.Node.Http.GetAsync(new Uri("/api/v1/contributions/statistics", UriKind.Relative));
        var faces = (await statistics.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("domains").EnumerateArray().Single();
        Assert.Equal(2, faces.GetProperty("images").GetInt32());
        Assert.False(faces.GetProperty("attributes").TryGetProperty("region", out _), "one contributor's answers must not be shown");
        Assert.Contains("contributor", faces.GetProperty("unavailable").GetString(), StringComparison.Ordinal);
    }

    private static long ContributorUnits(JsonElement shares, string address) =>
        shares.GetProperty("owners").EnumerateArray().Where(o => o.GetProperty("account").GetString() == address).Select(o => o.GetProperty("shares").GetInt64()).SingleOrDefault();

    [Fact]
    public async Task Withdraw_BeforeLabeling_TakesTheImageOutOfThePool()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Labeling:MinSecondsPerItem=0");
        for (var i = 0; i < 6; i++)
        {
            await node.AddImageAsync($"gold-{i}", gold: true, "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65", x: 10 + i);
        }

        var contributor = EthECKey.GenerateKey();
        var session = await node.SignInAsync(contributor);
        var item = Assert.Single(await UploadedAsync(await UploadAsync(node, session, ("park.jpg", Photo("park")))));
        var cid = item.GetProperty("cid").GetString()!;
        using var consent = await ConsentAsync(node, session, cid, Eip712TypedDataSigner.Current.SignTypedDataV4(item.GetProperty("consent").GetProperty("typedData").GetRawText(), contributor));
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        using var withdraw = await SendAsync(node, session, HttpMethod.Delete, $"/api/v1/contributions/{cid}");
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);

        var labeler = await node.SignInAsync(Labelers[0]);
        await node.QualifyAsync(labeler);
        using var bundle = await node.LabelerAsync(labeler, HttpMethod.Post, "/api/v1/labeling/domains/faces/bundles");

        Assert.Equal(HttpStatusCode.NotFound, bundle.StatusCode);
        Assert.Contains("no image", await ProblemAsync(bundle), StringComparison.Ordinal);
        using var again = await ConsentAsync(node, session, cid, "0x" + new string('1', 130));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task SameImage_FromASecondMember_Is409NamingIt_AndTheFirstConsentStands()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory);
        var first = EthECKey.GenerateKey();
        var firstSession = await node.SignInAsync(first);
        var secondSession = await node.SignInAsync(EthECKey.GenerateKey());
        var item = Assert.Single(await UploadedAsync(await UploadAsync(node, firstSession, ("park.jpg", Photo("park")))));
        var cid = item.GetProperty("cid").GetString()!;

        using var second = await UploadAsync(node, secondSession, ("mine.jpg", Photo("park")), ("market.jpg", Photo("market")));
        using var again = await UploadAsync(node, firstSession, ("park-again.jpg", Photo("park")));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains(cid, await ProblemAsync(second), StringComparison.Ordinal);
        Assert.Empty(await ListAsync(node, secondSession));
        Assert.Equal(cid, Assert.Single(await UploadedAsync(again)).GetProperty("cid").GetString());
        Assert.Single(await ListAsync(node, firstSession));
    }

    [Fact]
    public async Task UnsignedUpload_ExpiresAndIsUnpinned()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Contributions:ConsentWindow=00:00:01", "--Contributions:SweepInterval=00:00:00.200");
        var session = await node.SignInAsync(EthECKey.GenerateKey());
        var cid = Assert.Single(await UploadedAsync(await UploadAsync(node, session, ("park.jpg", Photo("park"))))).GetProperty("cid").GetString()!;
        Assert.Contains(cid, await PinsAsync(node));

        await Eventually.TrueAsync(async () => (await ListAsync(node, session)).Count == 0, TimeSpan.FromSeconds(30), "the unsigned upload did not expire");

        Assert.DoesNotContain(cid, await PinsAsync(node));
        using (var gc = await node.OperatorAsync(HttpMethod.Post, "/api/v0/repo/gc"))
        {
            gc.EnsureSuccessStatusCode();
        }

        using var gone = await node.OperatorAsync(HttpMethod.Get, $"/ipfs/{cid}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Uploads_OverTheWalletsLimit_Are429WithRetryAfter()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--RateLimits:UploadsPerMinute=3", "--Contributions:MaxAwaitingConsent=2");
        var session = await node.SignInAsync(EthECKey.GenerateKey());
        var other = await node.SignInAsync(EthECKey.GenerateKey());

        using var first = await UploadAsync(node, session, ("park.jpg", Photo("park")));
        using var second = await UploadAsync(node, session, ("park.jpg", Photo("park")));
        using var third = await UploadAsync(node, session, ("park.jpg", Photo("park")));
        using var fourth = await UploadAsync(node, session, ("park.jpg", Photo("park")));
        using var otherWallet = await UploadAsync(node, other, ("market.jpg", Photo("market")));
        using var tooManyWaiting = await UploadAsync(node, other, ("kitchen.jpg", Photo("kitchen")), ("park.jpg", Photo("park")));

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.TooManyRequests],
            [first.StatusCode, second.StatusCode, third.StatusCode, fourth.StatusCode, otherWallet.StatusCode, tooManyWaiting.StatusCode]);
        Assert.NotNull(fourth.Headers.RetryAfter);
        Assert.Contains("awaiting consent", await ProblemAsync(tooManyWaiting), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terms_ArePublic_AndNameTheLicenceHashTheConsentCarries()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory);
        using var response = await node.Node.Http.GetAsync(new Uri("/api/v1/contributions/terms", UriKind.Relative));
        var terms = await response.Content.ReadFromJsonAsync<JsonElement>();
        var session = await node.SignInAsync(EthECKey.GenerateKey());
        // The domain as the member typed it, in another case: the consent names the domain's own name.
        var item = Assert.Single(await UploadedAsync(await SendAsync(node, session, HttpMethod.Post, "/api/v1/contributions", Form("FACES", [("park.jpg", Photo("park"))]))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("faces", item.GetProperty("domain").GetString());
        Assert.Equal("faces", item.GetProperty("consent").GetProperty("typedData").GetProperty("message").GetProperty("dataset").GetString());
        var licence = terms.GetProperty("licence");
        Assert.Equal("0x" + Convert.ToHexStringLower(ConsentSigner.Keccak(licence.GetProperty("text").GetString()!)), licence.GetProperty("hash").GetString());
        var message = item.GetProperty("consent").GetProperty("typedData").GetProperty("message");
        Assert.Equal(licence.GetProperty("id").GetString(), message.GetProperty("licence").GetString());
        Assert.Equal(licence.GetProperty("hash").GetString(), message.GetProperty("licenceHash").GetString());
        Assert.Equal("0x" + new string('0', 64), message.GetProperty("attributesHash").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("attributesSalt").ValueKind);
        Assert.Contains("prefer-not-to-say", terms.GetProperty("attributes").GetProperty("skinTone").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(chain.ChainId, terms.GetProperty("consent").GetProperty("chainId").GetInt64());
    }
}
