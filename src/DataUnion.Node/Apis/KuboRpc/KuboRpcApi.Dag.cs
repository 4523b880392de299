using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Store;
using DataUnion.Node.Apis.Problems;

namespace DataUnion.Node.Apis.KuboRpc;

public static partial class KuboRpcApi
{
    private static void MapDag(RouteGroupBuilder rpc)
    {
        rpc.MapPost("/dag/export", (HttpContext context, IpfsStore store) => Handle(context, () => DagExportAsync(context, store)))
            .WithSummary("The DAG under a CID as a CARv1 (one root, depth-first, no duplicates).");
        rpc.MapPost("/dag/import", (HttpContext context, IpfsStore store) => Handle(context, () => DagImportAsync(context, store)))
            .WithSummary("Import CAR files (multipart), verifying every block; pin-roots=true by default.");
        rpc.MapPost("/repo/gc", (HttpContext context, IpfsStore store) => Handle(context, () => RepoGcAsync(context, store)))
            .WithSummary("Delete every block no pin reaches. Answers one line per removed block.");
        rpc.MapPost("/repo/verify", (HttpContext context, IpfsStore store) => Handle(context, () => RepoVerifyAsync(context, store)))
            .WithSummary("Re-hash every block and remove temp files of interrupted writes. Answers one line per problem, then a summary.");
    }

    private static async Task DagExportAsync(HttpContext context, IpfsStore store)
    {
        var cid = KuboRpcArgs.Cids(context.Request)[0];
        if (!store.Blocks.Has(cid))
        {
            throw new Ipfs.Blocks.BlockNotFoundException(cid, $"block {cid} is not in the store");
        }

        StartStream(context.Response, "application/vnd.ipld.car");
        await store.ExportCarAsync(cid, context.Response.Body, context.RequestAborted);
    }

    private static async Task DagImportAsync(HttpContext context, IpfsStore store)
    {
        var pinRoots = KuboRpcArgs.Bool(context.Request, "pin-roots", fallback: true);
        var results = new List<CarImportResult>();
        await foreach (var entry in MultipartEntries.ReadAsync(context.Request, context.RequestAborted))
        {
            results.Add(await store.ImportCarAsync(entry.Content, pinRoots ? PinOwner.KuboRpc : null, context.RequestAborted));
        }

        if (results.Count == 0)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "the multipart body holds no CAR file");
        }

        StartStream(context.Response);
        foreach (var root in results.SelectMany(r => r.Roots))
        {
            await WriteLineAsync(context.Response, new { Root = new { Cid = new Dictionary<string, string> { ["/"] = root.ToString() }, PinErrorMsg = string.Empty } }, context.RequestAborted);
        }
    }

    private static async Task RepoGcAsync(HttpContext context, IpfsStore store)
    {
        var result = await store.CollectGarbageAsync(context.RequestAborted);
        StartStream(context.Response);
        foreach (var cid in result.Removed)
        {
            await WriteLineAsync(context.Response, new { Key = new Dictionary<string, string> { ["/"] = cid.ToString() } }, context.RequestAborted);
        }
    }

    private static async Task RepoVerifyAsync(HttpContext context, IpfsStore store)
    {
        var report = await store.VerifyAsync(context.RequestAborted);
        StartStream(context.Response);
        foreach (var problem in report.Problems)
        {
            await WriteLineAsync(context.Response, new { Msg = problem, Progress = report.BlocksChecked, Damaged = true }, context.RequestAborted);
        }

        var summary = report.IsHealthy
            ? $"verify complete, all {report.BlocksChecked} blocks validated; {report.TemporaryFilesRemoved} leftover temporary file(s) removed."
            : $"verify complete, {report.Problems.Count} of {report.BlocksChecked} blocks are damaged.";
        await WriteLineAsync(context.Response, new { Msg = summary, Progress = report.BlocksChecked, Damaged = !report.IsHealthy }, context.RequestAborted);
    }
}
