using System.Globalization;
using System.Security.Cryptography;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Store;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Hosting;
using DataUnion.Node.Replication;
using DataUnion.Node.Security;
using DataUnion.Storage.Pins;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Apis.PinningService;

/// <summary>
/// The IPFS Pinning Services API (v1) on <c>/pins</c>, behind the operator token, so kubo's
/// <c>ipfs pin remote</c> and other nodes can ask this node to pin. Requests are queued durably and
/// worked by <see cref="PinRequestWorker"/>, which fetches missing DAGs from the request's origins.
/// Each request holds its pin as its own owner: deleting it lets go of that hold only, so content
/// that labeling or a version also uses stays. Errors are the API's <c>Failure</c> objects
/// (<see cref="PinningServiceErrorWriter"/>).
/// </summary>
public static class PinningServiceApi
{
    private const int DefaultLimit = 10;
    private const int MaxLimit = 1000;

    /// <summary>Largest request body, in bytes: a pin request is a CID, a name, a few origins and a little metadata.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>Length of the request ids this node issues (hex characters).</summary>
    private const int RequestIdLength = 32;

    /// <summary>Maps <c>GET/POST /pins</c> and <c>GET/POST/DELETE /pins/{requestid}</c>.</summary>
    public static WebApplication MapPinningServiceApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var pins = app.MapGroup(PinningServiceErrorWriter.Prefix).WithTags("Pinning Services API").DisableAntiforgery().ForOperator();
        BodyLimit.On(pins, MaxBodyBytes);
        pins.MapGet("/", List).WithSummary("List pin requests (cid, name, status filters; limit ≤ 1000).");
        pins.MapPost("/", AddAsync).WithSummary("Request a pin: {cid, name?, origins?, meta?}. Answers 202 with the PinStatus.");
        pins.MapGet("/{requestid}", Get).WithSummary("The status of one pin request.");
        pins.MapPost("/{requestid}", ReplaceAsync).WithSummary("Replace a pin request with a new one.");
        pins.MapDelete("/{requestid}", Delete).WithSummary("Remove a pin request and its hold on the pin.");
        return app;
    }

    private static Results<JsonHttpResult<PinResults>, ProblemHttpResult> List(HttpContext context, LiteDbPinRequestStore requests, PublicOrigin origin)
    {
        var query = context.Request.Query;
        var limit = DefaultLimit;
        if (query["limit"].ToString() is { Length: > 0 } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return ApiProblem.BadRequest($"limit must be 1-{MaxLimit}, got '{limitText}'").ToResult();
        }

        var statuses = (query["status"].ToString() is { Length: > 0 } s ? s : "pinned").Split(',');
        var wanted = new HashSet<PinRequestStatus>();
        foreach (var status in statuses)
        {
            if (!Enum.TryParse<PinRequestStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return ApiProblem.BadRequest($"status must be queued, pinning, pinned or failed, got '{status}'").ToResult();
            }

            wanted.Add(parsed);
        }

        var cids = query["cid"].ToString() is { Length: > 0 } c ? c.Split(',').ToHashSet(StringComparer.Ordinal) : null;
        var name = query["name"].ToString();
        var matches = requests.List()
            .Where(r => wanted.Contains(r.Status))
            .Where(r => cids is null || cids.Contains(r.Cid.ToString()))
            .Where(r => name.Length == 0 || string.Equals(r.Name, name, StringComparison.Ordinal))
            .ToList();
        return TypedResults.Json(new PinResults(matches.Count, matches.Take(limit).Select(r => Status(r, origin)).ToList()));
    }

    private static async Task<Results<JsonHttpResult<PinStatus>, ProblemHttpResult>> AddAsync(
        HttpContext context, LiteDbPinRequestStore requests, IOptions<ReplicationOptions> replication, PublicOrigin origin, TimeProvider time)
    {
        var pin = await PinRequestBody.ReadAsync(context, replication.Value.AllowPrivateOrigins);
        var request = NewRequest(pin, time.GetUtcNow());
        requests.Save(request);
        return TypedResults.Json(Status(request, origin), statusCode: StatusCodes.Status202Accepted);
    }

    private static Results<JsonHttpResult<PinStatus>, ProblemHttpResult> Get(string requestid, LiteDbPinRequestStore requests, PublicOrigin origin) =>
        Find(requestid, requests) is { } request ? TypedResults.Json(Status(request, origin)) : NoRequest(requestid);

    private static async Task<Results<JsonHttpResult<PinStatus>, ProblemHttpResult>> ReplaceAsync(
        string requestid, HttpContext context, LiteDbPinRequestStore requests, IpfsStore store, IOptions<ReplicationOptions> replication, PublicOrigin origin, TimeProvider time)
    {
        if (Find(requestid, requests) is not { } existing)
        {
            return NoRequest(requestid);
        }

        var pin = await PinRequestBody.ReadAsync(context, replication.Value.AllowPrivateOrigins);
        var replacement = NewRequest(pin, time.GetUtcNow());
        requests.Save(replacement);
        if (existing.Cid.Hash.Equals(replacement.Cid.Hash) && store.FindPin(existing.Cid) is { } held
            && held.Owners.Contains(PinOwner.PinRequest(existing.RequestId).Value))
        {
            // The same content: the new request takes over the hold before the old one lets go, so
            // garbage collection never sees it unpinned in between.
            await store.PinAsync(replacement.Cid, held.Mode, PinOwner.PinRequest(replacement.RequestId), replacement.Name, context.RequestAborted);
            requests.Save(replacement with { Status = PinRequestStatus.Pinned });
        }

        requests.Delete(existing.RequestId);
        store.Unpin(existing.Cid, PinOwner.PinRequest(existing.RequestId));
        return TypedResults.Json(Status(requests.Find(replacement.RequestId)!, origin), statusCode: StatusCodes.Status202Accepted);
    }

    private static Results<StatusCodeHttpResult, ProblemHttpResult> Delete(string requestid, LiteDbPinRequestStore requests, IpfsStore store)
    {
        if (Find(requestid, requests) is not { } request)
        {
            return NoRequest(requestid);
        }

        requests.Delete(request.RequestId);
        store.Unpin(request.Cid, PinOwner.PinRequest(request.RequestId));
        return TypedResults.StatusCode(StatusCodes.Status202Accepted);
    }

    /// <summary>Ids this node issues are 32 hex digits; anything else is unknown without a lookup.</summary>
    private static PinRequest? Find(string requestId, LiteDbPinRequestStore requests) =>
        requestId.Length == RequestIdLength ? requests.Find(requestId) : null;

    private static ProblemHttpResult NoRequest(string requestId) =>
        ApiProblem.NotFound($"no pin request '{(requestId.Length > 80 ? requestId[..80] + "…" : requestId)}'").ToResult();

    private static PinRequest NewRequest(PinRequestBody pin, DateTimeOffset now) =>
        new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RequestIdLength / 2)), pin.Cid, pin.Name, pin.Origins, pin.Meta, PinRequestStatus.Queued, now, null, 0, now);

    /// <summary>The API's PinStatus; the delegate is this node's configured origin, never the request's Host.</summary>
    private static PinStatus Status(PinRequest request, PublicOrigin origin)
    {
        var uri = origin.Uri;
        return new PinStatus(
            request.RequestId,
            request.Status.ToString().ToLowerInvariant(),
            request.Created.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            new PinView(request.Cid.ToString(), request.Name, request.Origins, request.Meta),
            [HttpMultiaddr.FromHost(uri.Scheme, uri.IdnHost, uri.Port)],
            request.Info is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["status_details"] = request.Info });
    }

    /// <summary>Answer of <c>GET /pins</c>.</summary>
    public sealed record PinResults(int Count, List<PinStatus> Results);

    /// <summary>The API's PinStatus object.</summary>
    public sealed record PinStatus(string Requestid, string Status, string Created, PinView Pin, string[] Delegates, Dictionary<string, string> Info);

    /// <summary>The API's Pin object.</summary>
    public sealed record PinView(string Cid, string? Name, IReadOnlyList<string> Origins, IReadOnlyDictionary<string, string> Meta);
}
