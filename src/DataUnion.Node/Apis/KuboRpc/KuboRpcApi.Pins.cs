using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Store;
using DataUnion.Node.Apis.Problems;
using DataUnion.Storage.Pins;

namespace DataUnion.Node.Apis.KuboRpc;

public static partial class KuboRpcApi
{
    private static void MapPins(RouteGroupBuilder rpc)
    {
        rpc.MapPost("/pin/add", (HttpContext context, IpfsStore store) => Handle(context, () => PinAddAsync(context, store)))
            .WithSummary("Pin CIDs already in the store (recursive=true by default). Answers Pins.");
        rpc.MapPost("/pin/rm", (HttpContext context, IpfsStore store) => Handle(context, () => PinRmAsync(context, store)))
            .WithSummary("Unpin CIDs. Answers Pins.");
        rpc.MapPost("/pin/ls", (HttpContext context, IpfsStore store) => Handle(context, () => PinLsAsync(context, store)))
            .WithSummary("List pins (type=all|direct|recursive); stream=true answers one line per pin.");
    }

    private static async Task PinAddAsync(HttpContext context, IpfsStore store)
    {
        var cids = KuboRpcArgs.Cids(context.Request);
        var mode = KuboRpcArgs.Bool(context.Request, "recursive", fallback: true) ? PinMode.Recursive : PinMode.Direct;
        var name = context.Request.Query["name"].ToString() is { Length: > 0 } n ? n : null;
        if (name is { Length: > LiteDbPinStore.MaxNameLength })
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, $"argument \"name\" has {name.Length} characters; a pin name has at most {LiteDbPinStore.MaxNameLength}");
        }

        foreach (var cid in cids)
        {
            await store.PinAsync(cid, mode, PinOwner.KuboRpc, name, context.RequestAborted);
        }

        await context.Response.WriteAsJsonAsync(new { Pins = cids.Select(c => c.ToString()) }, Json, context.RequestAborted);
    }

    /// <summary>
    /// Lets the RPC's hold go. A CID that labeling, a version or a pinning request also holds stays
    /// pinned for them; one the RPC never pinned is refused, naming who holds it.
    /// </summary>
    private static async Task PinRmAsync(HttpContext context, IpfsStore store)
    {
        var cids = KuboRpcArgs.Cids(context.Request);
        foreach (var cid in cids)
        {
            switch (store.FindPin(cid))
            {
                case null:
                    throw new ProblemException(StatusCodes.Status400BadRequest, $"{cid} is not pinned");
                case { } pin when !pin.Owners.Contains(PinOwner.KuboRpc.Value):
                    throw new ProblemException(StatusCodes.Status400BadRequest,
                        $"{cid} was not pinned through the RPC; it is held by {string.Join(", ", pin.Owners)}, which must let it go");
            }
        }

        foreach (var cid in cids)
        {
            store.Unpin(cid, PinOwner.KuboRpc);
        }

        await context.Response.WriteAsJsonAsync(new { Pins = cids.Select(c => c.ToString()) }, Json, context.RequestAborted);
    }

    private static async Task PinLsAsync(HttpContext context, IpfsStore store)
    {
        var request = context.Request;
        PinMode? mode = request.Query["type"].ToString() switch
        {
            "" or "all" => null,
            "recursive" => PinMode.Recursive,
            "direct" => PinMode.Direct,
            "indirect" => throw new ProblemException(StatusCodes.Status400BadRequest, "type=indirect is not supported; list recursive pins instead"),
            var other => throw new ProblemException(StatusCodes.Status400BadRequest, $"type must be all, direct or recursive, got \"{other}\""),
        };
        var pins = store.ListPins(mode);
        if (request.Query.ContainsKey("arg"))
        {
            var wanted = KuboRpcArgs.Cids(request);
            var missing = wanted.FirstOrDefault(w => pins.All(p => !p.Cid.Hash.Equals(w.Hash)));
            if (missing is not null)
            {
                throw new ProblemException(StatusCodes.Status404NotFound, $"path '{missing}' is not pinned");
            }

            pins = pins.Where(p => wanted.Any(w => w.Hash.Equals(p.Cid.Hash))).ToList();
        }

        if (KuboRpcArgs.Bool(request, "stream", fallback: false))
        {
            StartStream(context.Response);
            foreach (var pin in pins)
            {
                await WriteLineAsync(context.Response, new { Cid = pin.Cid.ToString(), Type = TypeName(pin.Mode), Name = pin.Name ?? string.Empty }, context.RequestAborted);
            }

            return;
        }

        var keys = pins.ToDictionary(p => p.Cid.ToString(), p => new { Type = TypeName(p.Mode), Name = p.Name ?? string.Empty });
        await context.Response.WriteAsJsonAsync(new { Keys = keys }, Json, context.RequestAborted);
    }

    private static string TypeName(PinMode mode) => mode == PinMode.Recursive ? "recursive" : "direct";
}
