using DataUnion.Cli.Audit;
using DataUnion.Core.Content;
using DataUnion.Ipfs.UnixFs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace DataUnion.Cli.Tests;

/// <summary>
/// The auditor's gateway reader against a real HTTP server that lies: bytes that do not hash to
/// the CID asked for, and a manifest whose blocks are not the manifest CID's, are refused.
/// </summary>
public sealed class VerifiedGatewayTests
{
    [Fact]
    public async Task FileAsync_AGatewaySendingOtherBytes_IsRefused()
    {
        // A real directory holding a manifest, and a gateway that answers every raw request with other bytes.
        var blocks = new Dictionary<string, byte[]>();
        var sink = new Sink(blocks);
        var manifest = await UnixFsImporter.ImportFileAsync("{\"format\":\"dataunion-version/1\"}"u8.ToArray(), ImportOptions.KuboCidV1, sink);
        var root = await new DirectoryBuilder().Add("manifest.json", manifest).BuildAsync(1, sink);
        await using var gateway = await StartAsync(_ => "not the block you asked for"u8.ToArray());
        using var reader = new VerifiedGateway(new Uri(gateway.Urls.First()));

        var error = await Assert.ThrowsAsync<CliFailureException>(() => reader.FileAsync(root.Cid, "manifest.json", CancellationToken.None));

        Assert.Contains($"sent bytes for {root.Cid} that do not hash to it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileAsync_AnHonestGateway_GivesTheManifestsBytes()
    {
        var blocks = new Dictionary<string, byte[]>();
        var sink = new Sink(blocks);
        var bytes = "{\"format\":\"dataunion-version/1\",\"images\":[]}"u8.ToArray();
        var manifest = await UnixFsImporter.ImportFileAsync(bytes, ImportOptions.KuboCidV1, sink);
        var root = await new DirectoryBuilder().Add("manifest.json", manifest).BuildAsync(1, sink);
        await using var gateway = await StartAsync(cid => blocks[cid], car: (cid, stream) => WriteCarAsync(cid, blocks, stream));
        using var reader = new VerifiedGateway(new Uri(gateway.Urls.First()));

        Assert.Equal(bytes, await reader.FileAsync(root.Cid, "manifest.json", CancellationToken.None));
    }

    private static async Task<WebApplication> StartAsync(Func<string, byte[]> raw, Func<string, Stream, Task>? car = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/ipfs/{cid}", async (string cid, HttpContext context) =>
        {
            if (context.Request.Query["format"] == "car" && car is not null)
            {
                await car(cid, context.Response.Body);
                return;
            }

            await context.Response.Body.WriteAsync(raw(cid));
        });
        await app.StartAsync();
        return app;
    }

    private static async Task WriteCarAsync(string root, Dictionary<string, byte[]> blocks, Stream output)
    {
        var writer = new DataUnion.Ipfs.Car.CarWriter(output);
        await writer.WriteHeaderAsync([Cid.Parse(root)]);
        await writer.WriteBlockAsync(Cid.Parse(root), blocks[root]);
    }

    private sealed class Sink(Dictionary<string, byte[]> blocks) : IBlockSink
    {
        public ValueTask PutAsync(Cid cid, ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
        {
            blocks[cid.ToString()] = block.ToArray();
            return ValueTask.CompletedTask;
        }
    }
}
