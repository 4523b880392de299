using LiteDB;

namespace DataUnion.Storage.Audit;

/// <summary>
/// The append-only audit log (collection <c>audit_log</c>): every state-changing request of the
/// operator or a member, in order. Nothing in the node updates or deletes an entry.
/// </summary>
public sealed class LiteDbAuditLog(NodeDatabase database)
{
    /// <summary>Most entries one read returns.</summary>
    public const int MaxPage = 1000;

    private readonly Lock _lock = new();

    private ILiteCollection<BsonDocument> Entries => database.Database.GetCollection("audit_log", BsonAutoId.Int64);

    /// <summary>Appends <paramref name="entry"/> and returns its sequence number.</summary>
    public long Append(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            return Entries.Insert(new BsonDocument
            {
                ["at"] = entry.At.UtcDateTime,
                ["who"] = entry.Who,
                ["role"] = entry.Role,
                ["method"] = entry.Method,
                ["route"] = entry.Route,
                ["path"] = entry.Path,
                ["status"] = entry.Status,
                ["request"] = entry.RequestId,
            }).AsInt64;
        }
    }

    /// <summary>Entries after sequence number <paramref name="after"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<AuditRecord> Read(long after, int limit) =>
        Entries.Find(Query.GT("_id", after), limit: Math.Clamp(limit, 1, MaxPage)).Select(ToRecord).ToList();

    private static AuditRecord ToRecord(BsonDocument d) => new(
        d["_id"].AsInt64,
        new AuditEntry(
            new DateTimeOffset(DateTime.SpecifyKind(d["at"].AsDateTime.ToUniversalTime(), DateTimeKind.Utc)),
            d["who"].AsString,
            d["role"].AsString,
            d["method"].AsString,
            d["route"].AsString,
            d["path"].AsString,
            d["status"].AsInt32,
            d["request"].AsString));
}

/// <summary>One state-changing request.</summary>
/// <param name="At">When it was answered.</param>
/// <param name="Who"><c>operator</c>, or the wallet address of the member.</param>
/// <param name="Role">The endpoint's role.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Route">The endpoint's route pattern.</param>
/// <param name="Path">The request path (no query string).</param>
/// <param name="Status">The answer's status code.</param>
/// <param name="RequestId">The request's trace identifier, as the request log has it.</param>
public sealed record AuditEntry(DateTimeOffset At, string Who, string Role, string Method, string Route, string Path, int Status, string RequestId);

/// <summary>An audit entry with its sequence number.</summary>
/// <param name="Sequence">Its place in the log, from 1.</param>
/// <param name="Entry">The entry.</param>
public sealed record AuditRecord(long Sequence, AuditEntry Entry);
