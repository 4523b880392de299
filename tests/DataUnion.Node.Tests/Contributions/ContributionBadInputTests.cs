using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Testing;
using DataUnion.Testing.Images;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using SkiaSharp;
using static DataUnion.Node.Tests.Contributions.ContributionClient;

namespace DataUnion.Node.Tests.Contributions;

/// <summary>
/// Every bad upload and consent gets a 4xx problem that names what was wrong, never a 5xx, and
/// leaves nothing behind: no pin, no contribution, nothing in the labeling pool.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class ContributionBadInputTests(HardhatChainFixture chain) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string, byte[], string> BadFiles()
    {
        var jpeg = Photo("park");
        var png = ImageFixtures.Encode(SKEncodedImageFormat.Png);
        var damaged = png.ToArray();
        damaged[60] ^= 0x40;
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, 60_000);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), 60_000);
        (ihdr[8], ihdr[9]) = (8, 2);
        byte[] bomb = [0x89, .. "PNG\r\n\u001a\n"u8, .. ImageFixtures.PngChunk("IHDR", ihdr), .. ImageFixtures.PngChunk("IDAT", [0x78, 0x9C, 0x03, 0x00]), .. ImageFixtures.PngChunk("IEND", [])];
        return new TheoryData<string, byte[], string>
        {
            { "truncated JPEG", jpeg[..(jpeg.Length / 2)], "truncated" },
            { "PNG with a bad CRC", damaged, "CRC" },
            { "JPEG/ZIP polyglot", [.. jpeg, .. "PK\u0003\u0004 a zip archive"u8], "after its end-of-image marker" },
            { "JPEG/HTML polyglot", [.. jpeg, .. "<html><script>alert(1)</script></html>"u8], "after its end-of-image marker" },
            { "declared 60000×60000", bomb, "60000×60000" },
            { "SVG named .jpg", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"u8.ToArray(), "not a JPEG, PNG or WebP" },
            { "HTML named .jpg", "<!doctype html><html><body>hi</body></html>"u8.ToArray(), "not a JPEG, PNG or WebP" },
            { "empty part", [], "empty" },
        };
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Upload_BadFile_Is400NamingIt_AndStoresNothing(string what, byte[] bytes, string expected)
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory);
        var session = await node.SignInAsync(EthECKey.GenerateKey());
        var pinsBefore = await PinsAsync(node);

        // A good photo in the same request is not kept either: an upload is taken whole or not at all.
        using var response = await UploadAsync(node, session, ("good.jpg", Photo("market")), ("photo.jpg", bytes));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.True(problem.Contains(expected, StringComparison.Ordinal) && problem.Contains("photo.jpg", StringComparison.Ordinal), $"{what}: {problem}");
        Assert.Empty(await ListAsync(node, session));
        Assert.Equal(pinsBefore, await PinsAsync(node));
    }

    [Fact]
    public async Task Upload_BadRequests_Are4xxSayingWhy_AndStoreNothing()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Contributions:MaxUploadBytes=200000", "--Contributions:MaxFilesPerUpload=2");
        var session = await node.SignInAsync(EthECKey.GenerateKey());
        var pinsBefore = await PinsAsync(node);
        var photo = Photo("park");

        using var overLimit = await SendAsync(node, session, HttpMethod.Post, "/api/v1/contributions", Form("faces", [("big.jpg", DeterministicBytes.Generate("big", 300_000))]));
        using var tooMany = await SendAsync(node, session, HttpMethod.Post, "/api/v1/contributions", Form("faces", [("a.jpg", photo), ("b.jpg", photo), ("c.jpg", photo)]));
        using var noDomain = await SendAsync(node, session, HttpMethod.Post, "/api/v1/contributions", Form(null, [("a.jpg", photo)]));
        using var unknownDomain = await SendAsync(node, session, HttpMethod.Post, "/api/v1/contributions", Form("lungs", [("a.jpg", photo)]));
        using var noFiles = await SendAsync(node, session, HttpMethod.Post, "/api/v1/contributions", Form("faces", []));
        using var badAttribute = await SendAsync(node, session, HttpMethod.Post, "/api/v1/contributions", Form("faces", [("a.jpg", photo)], new { shoeSize = "44" }));
        using var badValue = await SendAsync(node, session, HttpMethod.Post, "/api/v1/contributions", Form("faces", [("a.jpg", photo)], new { skinTone = "monk-11" }));
        using var nullValue = await SendAsync(node, session, HttpMethod.Post, "/api/v1/contributions", Form("faces", [("a.jpg", photo)], new Dictionary<string, string?> { ["region"] = null }));
        using var notJson = await SendAsync(node, session, HttpMethod.Post, "/api/v1/contributions", NotJsonAttributes(photo));
        using var notMultipart = await SendAsync(node, session, HttpMethod.Post, "/api/v1/contributions", JsonContent.Create(new { domain = "faces" }));
        using var anonymous = await SendAsync(node, null, HttpMethod.Post, "/api/v1/contributions", Form("faces", [("a.jpg", photo)]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overLimit.StatusCode);
        await AssertProblemAsync(tooMany, HttpStatusCode.BadRequest, "at most 2 images");
        await AssertProblemAsync(noDomain, HttpStatusCode.BadRequest, "'domain' field is required");
        await AssertProblemAsync(unknownDomain, HttpStatusCode.NotFound, "no labeling domain 'lungs'");
        await AssertProblemAsync(noFiles, HttpStatusCode.BadRequest, "no file part");
        await AssertProblemAsync(badAttribute, HttpStatusCode.BadRequest, "'shoeSize' is not an attribute");
        await AssertProblemAsync(badValue, HttpStatusCode.BadRequest, "'monk-11' is not a value of skinTone");
        await AssertProblemAsync(nullValue, HttpStatusCode.BadRequest, "'region' has no value");
        await AssertProblemAsync(notJson, HttpStatusCode.BadRequest, "attributes: not a JSON object");
        await AssertProblemAsync(notMultipart, HttpStatusCode.BadRequest, "multipart/form-data");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Empty(await ListAsync(node, session));
        Assert.Equal(pinsBefore, await PinsAsync(node));
    }

    private static MultipartFormDataContent NotJsonAttributes(byte[] photo)
    {
        var form = Form("faces", [("a.jpg", photo)]);
        form.Add(new StringContent("region=europe"), "attributes");
        return form;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string expected)
    {
        var problem = await ProblemAsync(response);
        Assert.True(response.StatusCode == status && problem.Contains(expected, StringComparison.Ordinal), $"{(int)response.StatusCode}: {problem}");
    }

    [Fact]
    public async Task Consent_ThatIsNotTheContributors_IsRefused_AndTheImageStaysOutOfThePool()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Contributions:ConsentWindow=00:00:02", "--Contributions:SweepInterval=01:00:00");
        var owner = EthECKey.GenerateKey();
        var stranger = EthECKey.GenerateKey();
        var session = await node.SignInAsync(owner);
        var strangerSession = await node.SignInAsync(stranger);
        var item = Assert.Single(await UploadedAsync(await UploadAsync(node, session, ("park.jpg", Photo("park")))));
        var late = Assert.Single(await UploadedAsync(await UploadAsync(node, session, ("market.jpg", Photo("market")))));
        var cid = item.GetProperty("cid").GetString()!;
        var typedData = item.GetProperty("consent").GetProperty("typedData").GetRawText();

        // Another member may neither consent to, nor read, nor withdraw the upload.
        using var forAnother = await ConsentAsync(node, strangerSession, cid, Eip712TypedDataSigner.Current.SignTypedDataV4(typedData, stranger));
        using var readByAnother = await SendAsync(node, strangerSession, HttpMethod.Get, $"/api/v1/contributions/{cid}");
        using var withdrawnByAnother = await SendAsync(node, strangerSession, HttpMethod.Delete, $"/api/v1/contributions/{cid}");
        // The owner's session with another key's signature, a malformed one, and none.
        using var otherKey = await ConsentAsync(node, session, cid, Eip712TypedDataSigner.Current.SignTypedDataV4(typedData, stranger));
        using var malformed = await ConsentAsync(node, session, cid, "0x1234");
        using var missing = await ConsentAsync(node, session, cid, "");
        using var notACid = await ConsentAsync(node, session, "not-a-cid", "0x1234");

        await AssertProblemAsync(forAnother, HttpStatusCode.NotFound, "you have no contribution");
        Assert.Equal(HttpStatusCode.NotFound, readByAnother.StatusCode);
        await AssertProblemAsync(withdrawnByAnother, HttpStatusCode.NotFound, "you have no contribution");
        await AssertProblemAsync(otherKey, HttpStatusCode.BadRequest, $"signed by {stranger.GetPublicAddress()}");
        await AssertProblemAsync(malformed, HttpStatusCode.BadRequest, "65 bytes");
        await AssertProblemAsync(missing, HttpStatusCode.BadRequest, "signature");
        await AssertProblemAsync(notACid, HttpStatusCode.BadRequest, "is not a CID");

        // A consent after its deadline.
        await Task.Delay(TimeSpan.FromSeconds(3));
        using var expired = await ConsentAsync(node, session, late.GetProperty("cid").GetString()!,
            Eip712TypedDataSigner.Current.SignTypedDataV4(late.GetProperty("consent").GetProperty("typedData").GetRawText(), owner));
        await AssertProblemAsync(expired, HttpStatusCode.BadRequest, "deadline passed");

        // Uploading it again renews it, with a new deadline, and that consent is taken.
        var renewed = Assert.Single(await UploadedAsync(await UploadAsync(node, session, ("market.jpg", Photo("market")))));
        Assert.True(renewed.GetProperty("consentDeadline").GetDateTimeOffset() > late.GetProperty("consentDeadline").GetDateTimeOffset());
        using var renewedConsent = await ConsentAsync(node, session, renewed.GetProperty("cid").GetString()!,
            Eip712TypedDataSigner.Current.SignTypedDataV4(renewed.GetProperty("consent").GetProperty("typedData").GetRawText(), owner));
        Assert.Equal(HttpStatusCode.OK, renewedConsent.StatusCode);

        Assert.Equal("awaiting-consent", (await ListAsync(node, session)).Single(c => c.GetProperty("cid").GetString() == cid).GetProperty("status").GetString());
        using var image = await node.OperatorAsync(HttpMethod.Get, $"/api/v1/labeling/images/{cid}");
        Assert.Equal(HttpStatusCode.NotFound, image.StatusCode);
    }

    [Fact]
    public async Task Session_AfterSignOut_IsRefused()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory);
        var session = await node.SignInAsync(EthECKey.GenerateKey());
        using var signOut = await SendAsync(node, session, HttpMethod.Post, "/api/v1/auth/signout");

        using var upload = await UploadAsync(node, session, ("park.jpg", Photo("park")));
        using var list = await SendAsync(node, session, HttpMethod.Get, "/api/v1/contributions");

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, upload.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
    }
}
