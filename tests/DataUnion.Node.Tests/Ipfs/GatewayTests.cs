using System.Net;
using System.Net.Http.Headers;
using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Car;
using DataUnion.Ipfs.Store;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;

namespace DataUnion.Node.Tests.Ipfs;

/// <summary>The trustless gateway over real HTTP, opened to anonymous readers with Ipfs:PublicGateway.</summary>
[Collection(HardhatChainCollection.Name)]
public sealed class GatewayTests(HardhatChainFixture chain) : IAsyncLifetime
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, .. DeterministicBytes.Generate("jpeg", 400_000)];
    private readonly TempDirectory _directory = new();
    private RunningNode _node = null!;
    private Cid _file = null!;

    public async Task InitializeAsync()
    {
        var args = RunningNode.ArgsFor(chain, _directory.Path);
        args.Add("--Ipfs:PublicGateway=true");
        _node = await RunningNode.StartAsync(args);
        var store = _node.App.Services.GetRequiredService<IpfsStore>();
        _file = (await store.AddFileAsync(new MemoryStream(Jpeg), ImportOptions.KuboCidV1, pinFor: PinOwner.KuboRpc)).Cid;
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _directory.Dispose();
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? accept = null, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        return _node.Http.SendAsync(request);
    }

    [Fact]
    public async Task Get_PlainFile_ReturnsBytesSniffedTypeAndCidEtag()
    {
        using var response = await GetAsync($"/ipfs/{_file}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{_file}\"", response.Headers.ETag?.Tag);
        Assert.Equal(Jpeg, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("?format=raw", null)]
    [InlineData("", "application/vnd.ipld.raw")]
    public async Task Get_Raw_ReturnsTheRootBlockThatHashesToTheCid(string query, string? accept)
    {
        using var response = await GetAsync($"/ipfs/{_file}{query}", accept);

        var block = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("application/vnd.ipld.raw", response.Content.Headers.ContentType?.MediaType);
        Assert.True(_file.Hash.Matches(block));
    }

    [Fact]
    public async Task Get_CarAll_ContainsTheWholeVerifiedDag()
    {
        using var response = await GetAsync($"/ipfs/{_file}?format=car");

        Assert.Equal("application/vnd.ipld.car", response.Content.Headers.ContentType?.MediaType);
        var reader = await CarReader.OpenAsync(await response.Content.ReadAsStreamAsync());
        var blocks = new List<Cid>();
        await foreach (var (cid, _) in reader.ReadBlocksAsync())
        {
            blocks.Add(cid);
        }

        Assert.Equal([_file], reader.Roots);
        Assert.Equal(3, blocks.Count);
    }

    [Fact]
    public async Task Get_CarBlockScope_ContainsOnlyTheRoot()
    {
        using var response = await GetAsync($"/ipfs/{_file}?dag-scope=block", "application/vnd.ipld.car");

        var reader = await CarReader.OpenAsync(await response.Content.ReadAsStreamAsync());
        var blocks = new List<Cid>();
        await foreach (var (cid, _) in reader.ReadBlocksAsync())
        {
            blocks.Add(cid);
        }

        Assert.Equal([_file], blocks);
    }

    [Fact]
    public async Task Head_File_HasLengthAndNoBody()
    {
        using var response = await GetAsync($"/ipfs/{_file}", method: HttpMethod.Head);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Jpeg.Length, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_ProbePath_Answers200()
    {
        using var plain = await GetAsync("/ipfs/bafkqaaa");
        using var raw = await GetAsync("/ipfs/bafkqaaa?format=raw");

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Empty(await raw.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_AbsentRoot_Answers404()
    {
        using var response = await GetAsync("/ipfs/bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e?format=car");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/ipfs/QmNotACid", "Malformed CID")]
    [InlineData("/ipfs/bafkqaaa?format=tar", "Unsupported format")]
    [InlineData("/ipfs/bafkqaaa?format=car&dag-scope=sometimes", "Unsupported dag-scope")]
    public async Task Get_BadInput_Answers400Problem(string path, string title)
    {
        using var response = await GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(title, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<Cid> AddDatasetAsync()
    {
        var store = _node.App.Services.GetRequiredService<IpfsStore>();
        await using var session = await store.BeginAddAsync();
        var image = await session.AddFileAsync(new MemoryStream(Jpeg), ImportOptions.KuboCidV1);
        var images = await session.AddDirectoryAsync(new DirectoryBuilder().Add("0001.jpg", image), 1);
        var root = await session.AddDirectoryAsync(new DirectoryBuilder().Add("images", images), 1);
        session.Pin(root.Cid, PinOwner.KuboRpc);
        return root.Cid;
    }

    [Fact]
    public async Task Get_PathInsideDirectory_ServesTheFile()
    {
        var root = await AddDatasetAsync();

        using var response = await GetAsync($"/ipfs/{root}/images/0001.jpg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Jpeg, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("images/0002.jpg", HttpStatusCode.NotFound, "has no entry '0002.jpg'")]
    [InlineData("images/0001.jpg/more", HttpStatusCode.NotFound, "is not a directory")]
    [InlineData("images/0001.jpg?format=raw", HttpStatusCode.BadRequest, "take a bare CID")]
    public async Task Get_BadPath_SaysWhatIsWrong(string path, HttpStatusCode status, string expected)
    {
        var root = await AddDatasetAsync();

        using var response = await GetAsync($"/ipfs/{root}/{path}");

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_PathWithNonAsciiNames_ServesTheFile_WithThePathHeaderPercentEncoded()
    {
        var store = _node.App.Services.GetRequiredService<IpfsStore>();
        await using var session = await store.BeginAddAsync();
        var image = await session.AddFileAsync(new MemoryStream(Jpeg), ImportOptions.KuboCidV1);
        var album = await session.AddDirectoryAsync(new DirectoryBuilder().Add("café déjà vu.jpg", image), 1);
        var root = await session.AddDirectoryAsync(new DirectoryBuilder().Add("Zürich", album), 1);
        session.Pin(root.Cid, PinOwner.KuboRpc);

        using var response = await GetAsync($"/ipfs/{root.Cid}/Z%C3%BCrich/caf%C3%A9%20d%C3%A9j%C3%A0%20vu.jpg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"/ipfs/{root.Cid}/Z%C3%BCrich/caf%C3%A9%20d%C3%A9j%C3%A0%20vu.jpg", response.Headers.GetValues("X-Ipfs-Path").Single());
        Assert.Equal(Jpeg, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_PathThroughABlockThatIsNotUnixFs_Is501SayingSo()
    {
        var store = _node.App.Services.GetRequiredService<IBlockStore>();
        byte[] cbor = [0xA1, 0x61, 0x61, 0x01]; // {"a": 1}
        var cid = Cid.V1(Multicodec.DagCbor, Multihash.Sha256(cbor));
        store.Put(cid, cbor);

        using var response = await GetAsync($"/ipfs/{cid}/a");

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Contains("UnixFS directories only", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_DamagedBlock_IsNeverServed()
    {
        var store = _node.App.Services.GetRequiredService<IBlockStore>();
        var bytes = "soon damaged, then tampered"u8.ToArray();
        var cid = Cid.V1(Multicodec.Raw, Multihash.Sha256(bytes));
        store.Put(cid, bytes);
        StoredBytes.Tamper(store.RootPath, bytes);

        using var response = await GetAsync($"/ipfs/{cid}?format=raw");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("then tampered", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

/// <summary>Without Ipfs:PublicGateway the gateway needs the operator token.</summary>
[Collection(HardhatChainCollection.Name)]
public sealed class ClosedGatewayTests(HardhatChainFixture chain) : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Get_DefaultConfiguration_RequiresTheOperator()
    {
        await using var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path));

        using var anonymous = await node.Http.GetAsync(new Uri("/ipfs/bafkqaaa", UriKind.Relative));
        using var request = node.OperatorRequest(HttpMethod.Get, "/ipfs/bafkqaaa");
        using var operatorResponse = await node.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, operatorResponse.StatusCode);
    }

    public void Dispose() => _directory.Dispose();
}
