using LiteDB;

namespace DataUnion.Storage.Sessions;

/// <summary>
/// Wallet sessions in LiteDB (collection <c>wallet_sessions</c>), so a restart signs nobody out.
/// A session is stored under the SHA-256 of its token, never the token itself: whoever reads the
/// database cannot use what is in it.
/// </summary>
public sealed class LiteDbSessionStore
{
    private readonly NodeDatabase _database;

    /// <summary>Opens the store in <paramref name="database"/>.</summary>
    public LiteDbSessionStore(NodeDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        Sessions.EnsureIndex("address");
        Sessions.EnsureIndex("expires");
    }

    private ILiteCollection<BsonDocument> Sessions => _database.Database.GetCollection("wallet_sessions");

    /// <summary>Records a session.</summary>
    public void Add(StoredSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Sessions.Insert(new BsonDocument
        {
            ["_id"] = session.TokenHash,
            ["address"] = session.Address,
            ["created"] = session.Created.UtcDateTime,
            ["seq"] = session.Sequence,
            ["expires"] = session.Expires.UtcDateTime,
        });
    }

    /// <summary>The session stored under <paramref name="tokenHash"/>, expired or not, or null.</summary>
    public StoredSession? Find(string tokenHash) => Sessions.FindById(tokenHash) is { } d ? Read(d) : null;

    /// <summary>Ends a session; false when there was none.</summary>
    public bool Delete(string tokenHash) => Sessions.Delete(tokenHash);

    /// <summary>Deletes the sessions that ended by <paramref name="now"/>; returns how many.</summary>
    public int DeleteExpired(DateTimeOffset now) => Sessions.DeleteMany(Query.LTE("expires", now.UtcDateTime));

    /// <summary>Sessions stored.</summary>
    public int Count() => Sessions.Count();

    /// <summary>The sessions of <paramref name="address"/>, oldest first.</summary>
    public IReadOnlyList<StoredSession> OfWallet(string address) =>
        Sessions.Find(Query.EQ("address", address)).Select(Read).OrderBy(s => s.Sequence).ToList();

    private static StoredSession Read(BsonDocument d) => new(
        d["_id"].AsString,
        d["address"].AsString,
        new DateTimeOffset(DateTime.SpecifyKind(d["created"].AsDateTime.ToUniversalTime(), DateTimeKind.Utc)),
        new DateTimeOffset(DateTime.SpecifyKind(d["expires"].AsDateTime.ToUniversalTime(), DateTimeKind.Utc)),
        d["seq"].AsInt64);
}

/// <summary>A wallet session as stored.</summary>
/// <param name="TokenHash">SHA-256 of the session token, lower-case hex.</param>
/// <param name="Address">The wallet that signed in.</param>
/// <param name="Created">When it was opened.</param>
/// <param name="Expires">When it ends.</param>
/// <param name="Sequence">Its place among the wallet's sessions, the oldest lowest (opening times can tie).</param>
public sealed record StoredSession(string TokenHash, string Address, DateTimeOffset Created, DateTimeOffset Expires, long Sequence);
