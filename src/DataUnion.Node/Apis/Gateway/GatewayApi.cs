using DataUnion.Core.Content;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Dag;
using DataUnion.Ipfs.Store;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Hosting;
using DataUnion.Node.Security;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DataUnion.Node.Apis.Gateway;

/// <summary>
/// The IPFS Trustless Gateway (<c>application/vnd.ipld.raw</c> and <c>application/vnd.ipld.car</c>
/// responses that clients verify themselves) plus plain file bytes for browsers.
/// </summary>
public static class GatewayApi
{
    private const string RawType = "application/vnd.ipld.raw";
    private const string CarType = "application/vnd.ipld.car";

    /// <summary>Maps <c>GET</c> and <c>HEAD /ipfs/{cid}</c>; anonymous only with <c>Ipfs:PublicGateway</c>.</summary>
    public static WebApplication MapGatewayApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var endpoint = app.MapMethods("/ipfs/{cid}", [HttpMethods.Get, HttpMethods.Head], ServeAsync)
            .WithTags("Gateway")
            .WithName("GetIpfsContent")
            .WithSummary("Trustless gateway: ?format=raw|car (or Accept), dag-scope=all|entity|block; plain GET returns file bytes.");
        var pathEndpoint = app.MapMethods("/ipfs/{cid}/{**path}", [HttpMethods.Get, HttpMethods.Head], ServePathAsync)
            .WithTags("Gateway")
            .WithName("GetIpfsPath")
            .WithSummary("A file inside a UnixFS directory, e.g. a dataset export's /ipfs/<root>/images/0001.jpg (plain GET only).");
        if (app.Services.GetRequiredService<IOptions<IpfsOptions>>().Value.PublicGateway)
        {
            endpoint.ForPublic();
            pathEndpoint.ForPublic();
        }
        else
        {
            endpoint.ForOperator();
            pathEndpoint.ForOperator();
        }

        return app;
    }

    /// <summary>The gateway's route: anyone but the operator gets public content only.</summary>
    private static Task<IResult> ServeAsync(string cid, HttpContext context, IpfsStore store, CancellationToken cancellationToken) =>
        ServeContentAsync(cid, context, store, publicOnly: true, cancellationToken);

    /// <summary>
    /// Serves <paramref name="cid"/>. With <paramref name="publicOnly"/> (the gateway's own routes),
    /// anyone but the operator gets public content only; an endpoint that authorized the caller
    /// for this very content itself (a labeler's bundle image) passes false.
    /// </summary>
    internal static async Task<IResult> ServeContentAsync(string cid, HttpContext context, IpfsStore store, bool publicOnly, CancellationToken cancellationToken)
    {
        if (!Cid.TryParse(cid, out var parsed, out var error))
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed CID", error!);
        }

        var format = ResponseFormat(context.Request);
        if (format is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Unsupported format", "format must be raw or car (or use Accept: application/vnd.ipld.raw or application/vnd.ipld.car)");
        }

        // Anyone but the operator gets public content only: never a contributed image or a sold version.
        if (publicOnly && !context.User.IsInRole(OperatorTokenHandler.OperatorRole)
            && context.RequestServices.GetRequiredService<PublicContent>().WhyPrivate(parsed!, format == "raw" || context.Request.Query["dag-scope"] == "block") is { } reason)
        {
            return Problem(StatusCodes.Status403Forbidden, "Not public", $"{parsed} is not served to the public: {reason}");
        }

        byte[]? rootBlock;
        try
        {
            rootBlock = store.Blocks.Get(parsed!);
        }
        catch (BlockStoreException ex)
        {
            return Problem(StatusCodes.Status500InternalServerError, "Damaged block", ex.Message);
        }

        if (rootBlock is null)
        {
            return Problem(StatusCodes.Status404NotFound, "Not found", $"{parsed} is not in this node's store");
        }

        var response = context.Response;
        response.Headers.CacheControl = "public, max-age=29030400, immutable";
        // Content from the store is whatever someone added: a browser must never run it as this
        // node's page (scripts in an HTML or SVG file would act with the node's origin).
        response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        response.Headers["X-Ipfs-Roots"] = parsed!.ToString();
        return format switch
        {
            "raw" => ServeRaw(parsed, rootBlock, context),
            "car" => await ServeCarAsync(parsed, rootBlock, context, store, cancellationToken),
            _ => await ServeFileAsync(parsed, rootBlock, context, store, cancellationToken),
        };
    }

    internal static async Task<IResult> ServePathAsync(string cid, string path, HttpContext context, IpfsStore store, CancellationToken cancellationToken)
    {
        if (!Cid.TryParse(cid, out var root, out var error))
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed CID", error!);
        }

        if (ResponseFormat(context.Request) is not "file")
        {
            return Problem(StatusCodes.Status400BadRequest, "Unsupported format", "raw and car responses take a bare CID; resolve the path first");
        }

        var current = root!;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            UnixFsNode node;
            try
            {
                node = UnixFsFileReader.Load(store.Blocks, current);
            }
            catch (BlockNotFoundException ex)
            {
                return Problem(StatusCodes.Status404NotFound, "Not found", ex.Message);
            }
            catch (DagFormatException ex)
            {
                return Problem(StatusCodes.Status501NotImplemented, "Not a UnixFS directory", $"paths are resolved through UnixFS directories only, and {current} is not one: {ex.Message}");
            }
            catch (BlockStoreException ex)
            {
                return Problem(StatusCodes.Status500InternalServerError, "Unreadable block", ex.Message);
            }

            if (!UnixFsDirectory.IsDirectory(node))
            {
                return Problem(StatusCodes.Status404NotFound, "Not found", $"{current} is not a directory, so it has no entry '{segment}'");
            }

            DagPbLink? link;
            try
            {
                link = UnixFsDirectory.Find(store.Blocks, current, node, segment);
            }
            catch (BlockNotFoundException ex)
            {
                return Problem(StatusCodes.Status404NotFound, "Not found", ex.Message);
            }
            catch (DagFormatException ex)
            {
                return Problem(StatusCodes.Status502BadGateway, "Malformed directory", ex.Message);
            }

            if (link is null)
            {
                return Problem(StatusCodes.Status404NotFound, "Not found", $"the directory {current} has no entry '{segment}'");
            }

            current = link.Cid;
        }

        // Header values are ASCII: each segment goes out percent-encoded, as in a URL.
        context.Response.Headers["X-Ipfs-Path"] = $"/ipfs/{root}/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));
        return await ServeContentAsync(current.ToString(), context, store, publicOnly: true, cancellationToken);
    }

    private static IResult ServeRaw(Cid cid, byte[] block, HttpContext context)
    {
        context.Response.Headers.ETag = $"\"{cid}.raw\"";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{cid}.bin\"";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.ContentType = RawType;
            context.Response.ContentLength = block.Length;
            return Results.Empty;
        }

        return Results.Bytes(block, RawType);
    }

    private static async Task<IResult> ServeCarAsync(Cid cid, byte[] rootBlock, HttpContext context, IpfsStore store, CancellationToken cancellationToken)
    {
        var scope = context.Request.Query["dag-scope"].ToString() is { Length: > 0 } s ? s : "all";
        if (scope is not ("all" or "entity" or "block"))
        {
            return Problem(StatusCodes.Status400BadRequest, "Unsupported dag-scope", $"dag-scope must be all, entity or block, got '{scope}'");
        }

        var wholeDag = scope == "all" || (scope == "entity" && IsFile(cid, rootBlock));
        context.Response.Headers.ETag = $"\"{cid}.car.{scope}\"";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{cid}.car\"";
        context.Response.ContentType = $"{CarType}; version=1; order=dfs; dups=n";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Results.Empty;
        }

        var writer = new Ipfs.Car.CarWriter(context.Response.Body);
        await writer.WriteHeaderAsync([cid], cancellationToken);
        if (!wholeDag)
        {
            await writer.WriteBlockAsync(cid, rootBlock, cancellationToken);
            return Results.Empty;
        }

        try
        {
            foreach (var (blockCid, block) in DagWalker.DepthFirst(store.Blocks, cid))
            {
                await writer.WriteBlockAsync(blockCid, block, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is BlockStoreException or DagFormatException)
        {
            // The status line is gone; cutting the connection tells the client the CAR is incomplete.
            context.Abort();
        }

        return Results.Empty;
    }

    private static async Task<IResult> ServeFileAsync(Cid cid, byte[] rootBlock, HttpContext context, IpfsStore store, CancellationToken cancellationToken)
    {
        UnixFsNode node;
        try
        {
            node = UnixFsNode.Decode(cid, rootBlock);
        }
        catch (DagFormatException ex)
        {
            return Problem(StatusCodes.Status501NotImplemented, "Not a UnixFS file", $"{ex.Message}; request ?format=raw or ?format=car instead");
        }

        if (node.Kind == UnixFsKind.Directory)
        {
            return Results.Json(new
            {
                cid = cid.ToString(),
                entries = node.Links.Select(l => new { name = l.Name, cid = l.Cid.ToString(), size = l.TotalSize }),
            });
        }

        if (node.Kind == UnixFsKind.HamtShard)
        {
            // A sharded directory may hold millions of entries: its listing is not built in memory here.
            return Problem(StatusCodes.Status501NotImplemented, "Sharded directory", $"{cid} is a HAMT-sharded directory: ask for its entries by path (/ipfs/{cid}/<name>), or fetch it as ?format=car");
        }

        if (node.Kind == UnixFsKind.Unsupported)
        {
            return Problem(StatusCodes.Status501NotImplemented, "Unsupported UnixFS type", $"{cid} is a UnixFS type this node does not serve as a file");
        }

        var response = context.Response;
        response.Headers.ETag = $"\"{cid}\"";
        byte[] head;
        try
        {
            head = await FirstBytesAsync(store, cid, node);
        }
        catch (BlockNotFoundException ex)
        {
            return Problem(StatusCodes.Status404NotFound, "Not found", $"a block of {cid} is not here: {ex.Message}");
        }
        catch (DagFormatException ex)
        {
            return Problem(StatusCodes.Status502BadGateway, "Malformed DAG", $"{cid} links to a block that is not valid UnixFS: {ex.Message}");
        }

        response.ContentType = ContentSniffer.Sniff(head);
        if (!response.ContentType.StartsWith("image/", StringComparison.Ordinal))
        {
            // Only images are shown inline; anything else is a download.
            response.Headers.ContentDisposition = $"attachment; filename=\"{cid}\"";
        }
        if (node.FileSize is { } size)
        {
            response.ContentLength = (long)size;
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Results.Empty;
        }

        try
        {
            await UnixFsFileReader.CopyToAsync(store.Blocks, cid, response.Body, cancellationToken);
        }
        catch (Exception ex) when (ex is BlockStoreException or DagFormatException)
        {
            context.Abort();
        }

        return Results.Empty;
    }

    private static async Task<byte[]> FirstBytesAsync(IpfsStore store, Cid cid, UnixFsNode node)
    {
        if (node.Data.Length >= 16 || node.Links.Count == 0)
        {
            return node.Data.ToArray();
        }

        using var head = new LimitedBuffer(16);
        try
        {
            await UnixFsFileReader.CopyToAsync(store.Blocks, cid, head);
        }
        catch (LimitedBuffer.FullException)
        {
            // The first 16 bytes are all the sniffer needs.
        }

        return head.ToArray();
    }

    private static bool IsFile(Cid cid, byte[] block)
    {
        try
        {
            return UnixFsNode.Decode(cid, block).Kind is UnixFsKind.File or UnixFsKind.Raw;
        }
        catch (DagFormatException)
        {
            return false;
        }
    }

    private static string? ResponseFormat(HttpRequest request)
    {
        var format = request.Query["format"].ToString();
        if (format.Length > 0)
        {
            return format is "raw" or "car" ? format : null;
        }

        foreach (var accept in request.GetTypedHeaders().Accept)
        {
            if (accept.MediaType.Equals(RawType, StringComparison.OrdinalIgnoreCase))
            {
                return "raw";
            }

            if (accept.MediaType.Equals(CarType, StringComparison.OrdinalIgnoreCase))
            {
                return "car";
            }
        }

        return "file";
    }

    private static IResult Problem(int status, string title, string detail) => new ApiProblem(status, title, [detail]).ToResult();
}
