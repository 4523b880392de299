using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Store;
using DataUnion.Node.Replication;
using DataUnion.Storage.Pins;

namespace DataUnion.Node.Apis.PinningService;

/// <summary>
/// The IPFS Pinning Services API (v1) on <c>/pins</c>, behind the operator token, so kubo's
/// <c>ipfs pin remote</c> and other nodes can ask this node to pin. Requests are queued durably and
/// worked by <see cref="PinRequestWorker"/>, which fetches missing DAGs from the request's origins.
/// </summary>
public static class PinningServiceApi
{
    private const int DefaultLimit = 10;
    private const int MaxLimit = 1000;
    private const int MaxOrigins = 20;

    /// <summary>Maps <c>GET/POST /pins</c> and <c>GET/POST/DELETE /pins/{requestid}</c>.</summary>
    public static WebApplication MapPinningServiceApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var pins = app.MapGroup("/pins").WithTags("Pinning Services API").DisableAntiforgery();
        pins.MapGet("/", List).WithSummary("List pin requests (cid, name, status filters; limit ≤ 1000).");
        pins.MapPost("/", AddAsync).WithSummary("Request a pin: {cid, name?, origins?, meta?}. Answers 202 with the PinStatus.");
        pins.MapGet("/{requestid}", Get).WithSummary("The status of one pin request.");
        pins.MapPost("/{requestid}", ReplaceAsync).WithSummary("Replace a pin request with a new one.");
        pins.MapDelete("/{requestid}", Delete).WithSummary("Remove a pin request and its pin.");
        return app;
    }

    private static IResult List(HttpContext context, LiteDbPinRequestStore requests)
    {
        var query = context.Request.Query;
        var limit = DefaultLimit;
        if (query["limit"].ToString() is { Length: > 0 } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return Error(StatusCodes.Status400BadRequest, "BAD_REQUEST", $"limit must be 1-{MaxLimit}, got '{limitText}'");
        }

        var statuses = (query["status"].ToString() is { Length: > 0 } s ? s : "pinned").Split(',');
        var wanted = new HashSet<PinRequestStatus>();
        foreach (var status in statuses)
        {
            if (!Enum.TryParse<PinRequestStatus>(status, ignoreCase: true, out var parsed))
            {
                return Error(StatusCodes.Status400BadRequest, "BAD_REQUEST", $"status must be queued, pinning, pinned or failed, got '{status}'");
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
        return Results.Json(new { count = matches.Count, results = matches.Take(limit).Select(r => Status(r, context)) });
    }

    private static async Task<IResult> AddAsync(HttpContext context, LiteDbPinRequestStore requests, TimeProvider time)
    {
        var parsed = await ReadPinAsync(context);
        if (parsed.Error is { } error)
        {
            return error;
        }

        var request = NewRequest(parsed.Pin!, time.GetUtcNow());
        requests.Save(request);
        return Results.Json(Status(request, context), statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult Get(string requestid, HttpContext context, LiteDbPinRequestStore requests) =>
        requests.Find(requestid) is { } request
            ? Results.Json(Status(request, context))
            : Error(StatusCodes.Status404NotFound, "NOT_FOUND", $"no pin request '{requestid}'");

    private static async Task<IResult> ReplaceAsync(string requestid, HttpContext context, LiteDbPinRequestStore requests, IpfsStore store, TimeProvider time)
    {
        if (requests.Find(requestid) is not { } existing)
        {
            return Error(StatusCodes.Status404NotFound, "NOT_FOUND", $"no pin request '{requestid}'");
        }

        var parsed = await ReadPinAsync(context);
        if (parsed.Error is { } error)
        {
            return error;
        }

        var replacement = NewRequest(parsed.Pin!, time.GetUtcNow());
        requests.Save(replacement);
        requests.Delete(requestid);
        if (!existing.Cid.Hash.Equals(replacement.Cid.Hash))
        {
            store.Unpin(existing.Cid);
        }

        return Results.Json(Status(replacement, context), statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult Delete(string requestid, LiteDbPinRequestStore requests, IpfsStore store)
    {
        if (requests.Find(requestid) is not { } request)
        {
            return Error(StatusCodes.Status404NotFound, "NOT_FOUND", $"no pin request '{requestid}'");
        }

        requests.Delete(requestid);
        store.Unpin(request.Cid);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private sealed record PinBody(Cid Cid, string? Name, IReadOnlyList<string> Origins, IReadOnlyDictionary<string, string> Meta);

    private static async Task<(PinBody? Pin, IResult? Error)> ReadPinAsync(HttpContext context)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return (null, Error(StatusCodes.Status400BadRequest, "BAD_REQUEST", $"the body is not JSON: {ex.Message}"));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("cid", out var cidElement) || cidElement.ValueKind != JsonValueKind.String)
            {
                return (null, Error(StatusCodes.Status400BadRequest, "BAD_REQUEST", "the body must be an object with a string 'cid'"));
            }

            if (!Cid.TryParse(cidElement.GetString(), out var cid, out var cidError))
            {
                return (null, Error(StatusCodes.Status400BadRequest, "BAD_REQUEST", $"cid: {cidError}"));
            }

            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            var origins = root.TryGetProperty("origins", out var o) && o.ValueKind == JsonValueKind.Array
                ? o.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                : [];
            if (origins.Count > MaxOrigins)
            {
                return (null, Error(StatusCodes.Status400BadRequest, "BAD_REQUEST", $"at most {MaxOrigins} origins are accepted"));
            }

            var meta = root.TryGetProperty("meta", out var m) && m.ValueKind == JsonValueKind.Object
                ? m.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!)
                : new Dictionary<string, string>();
            return (new PinBody(cid!, name, origins, meta), null);
        }
    }

    private static PinRequest NewRequest(PinBody pin, DateTimeOffset now) =>
        new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), pin.Cid, pin.Name, pin.Origins, pin.Meta, PinRequestStatus.Queued, now, null, 0, now);

    private static object Status(PinRequest request, HttpContext context) => new
    {
        requestid = request.RequestId,
        status = request.Status.ToString().ToLowerInvariant(),
        created = request.Created.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        pin = new { cid = request.Cid.ToString(), name = request.Name, origins = request.Origins, meta = request.Meta },
        delegates = new[] { HttpMultiaddr.FromHost(context.Request.Scheme, context.Request.Host.Host, context.Request.Host.Port ?? (context.Request.IsHttps ? 443 : 80)) },
        info = request.Info is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["status_details"] = request.Info },
    };

    private static IResult Error(int status, string reason, string details) =>
        Results.Json(new { error = new { reason, details } }, statusCode: status);
}
