using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using LiteDB;

namespace DataUnion.Storage.Pins;

/// <summary>Pinning Services API requests in LiteDB (collection <c>pin_requests</c>).</summary>
public sealed class LiteDbPinRequestStore(NodeDatabase database)
{
    private ILiteCollection<BsonDocument> Requests => database.Database.GetCollection("pin_requests");

    /// <summary>Inserts or replaces <paramref name="request"/>.</summary>
    public void Save(PinRequest request) => Requests.Upsert(Write(request));

    /// <summary>
    /// Replaces <paramref name="request"/> only if it still exists: false when it was deleted
    /// meanwhile, so work finished on a deleted request never brings it back.
    /// </summary>
    public bool Update(PinRequest request) => Requests.Update(Write(request));

    /// <summary>The request with <paramref name="requestId"/>, or null.</summary>
    public PinRequest? Find(string requestId) => Requests.FindById(requestId) is { } document ? Read(document) : null;

    /// <summary>Deletes the request; false when it did not exist.</summary>
    public bool Delete(string requestId) => Requests.Delete(requestId);

    /// <summary>All requests, newest first.</summary>
    public IReadOnlyList<PinRequest> List() => Requests.FindAll().Select(Read).OrderByDescending(r => r.Created).ToList();

    /// <summary>Requests the worker should try now.</summary>
    public IReadOnlyList<PinRequest> Due(DateTimeOffset now) =>
        List().Where(r => r.Status is PinRequestStatus.Queued or PinRequestStatus.Pinning && r.NextAttempt <= now).ToList();

    private static BsonDocument Write(PinRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var meta = new BsonDocument();
        foreach (var (key, value) in request.Meta)
        {
            meta[key] = value;
        }

        return new BsonDocument
        {
            ["_id"] = request.RequestId,
            ["cid"] = request.Cid.ToString(),
            ["name"] = request.Name is null ? BsonValue.Null : new BsonValue(request.Name),
            ["origins"] = new BsonArray(request.Origins.Select(o => new BsonValue(o))),
            ["meta"] = meta,
            ["status"] = request.Status.ToString(),
            ["created"] = request.Created.UtcDateTime,
            ["info"] = request.Info is null ? BsonValue.Null : new BsonValue(request.Info),
            ["attempts"] = request.Attempts,
            ["next"] = request.NextAttempt.UtcDateTime,
        };
    }

    private static PinRequest Read(BsonDocument d) => new(
        d["_id"].AsString,
        Cid.Parse(d["cid"].AsString),
        d["name"].IsNull ? null : d["name"].AsString,
        d["origins"].AsArray.Select(o => o.AsString).ToList(),
        d["meta"].AsDocument.ToDictionary(kv => kv.Key, kv => kv.Value.AsString),
        Enum.Parse<PinRequestStatus>(d["status"].AsString),
        Utc(d["created"]),
        d["info"].IsNull ? null : d["info"].AsString,
        d["attempts"].AsInt32,
        Utc(d["next"]));

    private static DateTimeOffset Utc(BsonValue value) =>
        new(DateTime.SpecifyKind(value.AsDateTime.ToUniversalTime(), DateTimeKind.Utc));
}
