using System.Net;
using System.Text.Json;
using DataUnion.Core.Content;
using DataUnion.Ipfs.Car;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;

namespace DataUnion.Node.Tests.Ipfs;

/// <summary>The Kubo RPC subset over real HTTP, with the operator token.</summary>
[Collection(HardhatChainCollection.Name)]
public sealed class KuboRpcTests(HardhatChainFixture chain) : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private RunningNode _node = null!;

    public async Task InitializeAsync()
    {
        var args = RunningNode.ArgsFor(chain, _directory.Path);
        args.Add("--Http:MaxRequestBodyBytes=4000000");
        _node = await RunningNode.StartAsync(args);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _directory.Dispose();
    }

    private async Task<HttpResponseMessage> PostAsync(string path, HttpContent? content = null)
    {
        using var request = _node.OperatorRequest(HttpMethod.Post, path);
        request.Content = content;
        // As curl does for large bodies: the server can refuse before the body is sent.
        request.Headers.ExpectContinue = true;
        return await _node.Http.SendAsync(request);
    }

    private static async Task<List<JsonElement>> LinesAsync(HttpResponseMessage response) =>
        (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response)
    {
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", error.RootElement.GetProperty("Type").GetString());
        return error.RootElement.GetProperty("Message").GetString()!;
    }

    [Fact]
    public async Task Add_OneFile_AnswersKuboLineWithTheKuboCidAndPins()
    {
        var content = DeterministicBytes.Generate("rpc-add", 600_000);
        var expected = await UnixFsImporter.ImportFileAsync(content, ImportOptions.KuboDefault, DiscardingBlockSink.Instance);

        using var response = await PostAsync("/api/v0/add", Multipart.Files(("photo.jpg", content)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(await LinesAsync(response));
        Assert.Equal("photo.jpg", line.GetProperty("Name").GetString());
        Assert.Equal(expected.Cid.ToString(), line.GetProperty("Hash").GetString());
        Assert.Equal(expected.TotalSize.ToString(System.Globalization.CultureInfo.InvariantCulture), line.GetProperty("Size").GetString());
        using var pins = await PostAsync("/api/v0/pin/ls?type=recursive");
        using var keys = JsonDocument.Parse(await pins.Content.ReadAsStringAsync());
        Assert.True(keys.RootElement.GetProperty("Keys").TryGetProperty(expected.Cid.ToString(), out _));
    }

    [Fact]
    public async Task Add_CidVersion1_UsesRawLeaves()
    {
        using var response = await PostAsync("/api/v0/add?cid-version=1", Multipart.Files(("hello.txt", "hello world"u8.ToArray())));

        var line = Assert.Single(await LinesAsync(response));
        Assert.Equal("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", line.GetProperty("Hash").GetString());
    }

    [Fact]
    public async Task Add_Directory_AnswersFilesThenTheDirectory()
    {
        using var response = await PostAsync("/api/v0/add", Multipart.Files(("set", null), ("set/b.jpg", [2]), ("set/a.jpg", [1])));

        var lines = await LinesAsync(response);
        Assert.Equal(["set/b.jpg", "set/a.jpg", "set"], lines.Select(l => l.GetProperty("Name").GetString()));
        var a = await UnixFsImporter.ImportFileAsync(new byte[] { 1 }, ImportOptions.KuboDefault, DiscardingBlockSink.Instance);
        var b = await UnixFsImporter.ImportFileAsync(new byte[] { 2 }, ImportOptions.KuboDefault, DiscardingBlockSink.Instance);
        var directory = await new DirectoryBuilder().Add("a.jpg", a).Add("b.jpg", b).BuildAsync(0, DiscardingBlockSink.Instance);
        Assert.Equal(directory.Cid.ToString(), lines[2].GetProperty("Hash").GetString());
    }

    [Theory]
    [InlineData("../evil.jpg")]
    [InlineData("set/../../evil.jpg")]
    [InlineData("/etc/passwd")]
    public async Task Add_PathTraversal_Refused(string path)
    {
        using var response = await PostAsync("/api/v0/add", Multipart.Files((path, [1])));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not allowed", await ErrorMessageAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_BodyOverTheLimit_Answers413()
    {
        using var response = await PostAsync("/api/v0/add", Multipart.Files(("big.bin", new byte[5_000_000])));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Add_OnlyHash_WritesNothing()
    {
        using var response = await PostAsync("/api/v0/add?only-hash=true", Multipart.Files(("x.bin", DeterministicBytes.Generate("only-hash", 1000))));
        var cid = Cid.Parse(Assert.Single(await LinesAsync(response)).GetProperty("Hash").GetString()!);

        using var get = await PostAsync($"/api/v0/block/get?arg={cid}");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Cat_AddedFile_ReturnsTheBytes()
    {
        var content = DeterministicBytes.Generate("cat", 700_000);
        using var add = await PostAsync("/api/v0/add", Multipart.Files(("f", content)));
        var cid = Assert.Single(await LinesAsync(add)).GetProperty("Hash").GetString();

        using var cat = await PostAsync($"/api/v0/cat?arg={cid}");

        Assert.Equal(content, await cat.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task BlockPutThenGet_RoundTripsAndNamesTheRawCid()
    {
        using var put = await PostAsync("/api/v0/block/put", Multipart.Files(("data", "hello world"u8.ToArray())));
        var line = Assert.Single(await LinesAsync(put));

        using var get = await PostAsync($"/api/v0/block/get?arg={line.GetProperty("Key").GetString()}");

        Assert.Equal("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", line.GetProperty("Key").GetString());
        Assert.Equal("hello world"u8.ToArray(), await get.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task BlockPut_Over2MiB_Answers413()
    {
        using var response = await PostAsync("/api/v0/block/put", Multipart.Files(("data", new byte[(2 * 1024 * 1024) + 1])));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("2 MiB", await ErrorMessageAsync(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v0/cat?arg=QmNotACid", "invalid CID")]
    [InlineData("/api/v0/cat", "argument \"arg\" is required")]
    [InlineData("/api/v0/pin/rm?arg=bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", "is not pinned")]
    [InlineData("/api/v0/add?cid-version=7", "cid-version")]
    [InlineData("/api/v0/add", "multipart/form-data")]
    public async Task BadInput_AnswersKuboErrorWith400(string path, string expected)
    {
        using var response = await PostAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await ErrorMessageAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cat_AbsentCid_Answers404()
    {
        using var response = await PostAsync("/api/v0/cat?arg=bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Rpc_GetOrNoToken_IsRefused()
    {
        using var getRequest = _node.OperatorRequest(HttpMethod.Get, "/api/v0/pin/ls");
        using var get = await _node.Http.SendAsync(getRequest);
        using var anonymous = await _node.Http.PostAsync(new Uri("/api/v0/pin/ls", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task DagExportImportAndGc_RoundTrip()
    {
        var content = DeterministicBytes.Generate("dag", 800_000);
        using var add = await PostAsync("/api/v0/add?pin=false", Multipart.Files(("f", content)));
        var cid = Cid.Parse(Assert.Single(await LinesAsync(add)).GetProperty("Hash").GetString()!);
        using var export = await PostAsync($"/api/v0/dag/export?arg={cid}");
        var car = await export.Content.ReadAsByteArrayAsync();
        var reader = await CarReader.OpenAsync(new MemoryStream(car));
        Assert.Equal([cid], reader.Roots);

        using var gc = await PostAsync("/api/v0/repo/gc");
        Assert.Equal(5, (await LinesAsync(gc)).Count);
        using var import = await PostAsync("/api/v0/dag/import", Multipart.Files(("dag.car", car)));
        var root = Assert.Single(await LinesAsync(import));
        using var cat = await PostAsync($"/api/v0/cat?arg={cid}");

        Assert.Equal(cid.ToString(), root.GetProperty("Root").GetProperty("Cid").GetProperty("/").GetString());
        Assert.Equal(content, await cat.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task DagImport_LyingCar_Answers400AndPinsNothing()
    {
        var content = DeterministicBytes.Generate("lying", 300_000);
        using var add = await PostAsync("/api/v0/add?pin=false", Multipart.Files(("f", content)));
        var cid = Assert.Single(await LinesAsync(add)).GetProperty("Hash").GetString();
        using var export = await PostAsync($"/api/v0/dag/export?arg={cid}");
        var car = await export.Content.ReadAsByteArrayAsync();
        car[^10] ^= 0xff;

        using var import = await PostAsync("/api/v0/dag/import", Multipart.Files(("dag.car", car)));
        using var pins = await PostAsync("/api/v0/pin/ls");

        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        Assert.Contains("does not hash to its CID", await ErrorMessageAsync(import), StringComparison.Ordinal);
        using var keys = JsonDocument.Parse(await pins.Content.ReadAsStringAsync());
        Assert.Empty(keys.RootElement.GetProperty("Keys").EnumerateObject());
    }
}
