using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using LiteDB;

namespace DataUnion.Storage.Replication;

/// <summary>
/// The durable replication queue (collection <c>replication</c>): one entry per (target, pinned
/// CID). It outlives restarts, so no pin is forgotten between a crash and the next try.
/// </summary>
public sealed class LiteDbReplicationQueue(NodeDatabase database)
{
    private ILiteCollection<BsonDocument> Items => database.Database.GetCollection("replication");

    /// <summary>Adds an entry for (<paramref name="target"/>, <paramref name="cid"/>) unless one exists.</summary>
    /// <returns>True when the entry is new.</returns>
    public bool EnsureQueued(string target, Cid cid, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cid);
        var id = Key(target, cid);
        if (Items.FindById(id) is not null)
        {
            return false;
        }

        Save(new ReplicationItem(target, cid, Replicated: false, Attempts: 0, now, null, null));
        return true;
    }

    /// <summary>Inserts or replaces <paramref name="item"/>.</summary>
    public void Save(ReplicationItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        Items.Upsert(new BsonDocument
        {
            ["_id"] = Key(item.Target, item.Cid),
            ["target"] = item.Target,
            ["cid"] = item.Cid.ToString(),
            ["replicated"] = item.Replicated,
            ["attempts"] = item.Attempts,
            ["next"] = item.NextAttempt.UtcDateTime,
            ["error"] = item.LastError is null ? BsonValue.Null : new BsonValue(item.LastError),
            ["remote"] = item.RemoteRequestId is null ? BsonValue.Null : new BsonValue(item.RemoteRequestId),
        });
    }

    /// <summary>Every entry.</summary>
    public IReadOnlyList<ReplicationItem> List() => Items.FindAll().Select(Read).ToList();

    /// <summary>Entries not yet replicated whose next try is due.</summary>
    public IReadOnlyList<ReplicationItem> Due(DateTimeOffset now) =>
        List().Where(i => !i.Replicated && i.NextAttempt <= now).ToList();

    private static string Key(string target, Cid cid) => $"{target}|{cid.ToV1()}";

    private static ReplicationItem Read(BsonDocument d) => new(
        d["target"].AsString,
        Cid.Parse(d["cid"].AsString),
        d["replicated"].AsBoolean,
        d["attempts"].AsInt32,
        new DateTimeOffset(DateTime.SpecifyKind(d["next"].AsDateTime.ToUniversalTime(), DateTimeKind.Utc)),
        d["error"].IsNull ? null : d["error"].AsString,
        d["remote"].IsNull ? null : d["remote"].AsString);
}
