using System.Globalization;
using System.Numerics;
using DataUnion.Chain.Storage;
using LiteDB;

namespace DataUnion.Chain.Outbox;

/// <summary>
/// The outbox's LiteDB collection (<c>outbox</c> in the chain database). Every write is one
/// document upsert, so an intent is never half-written.
/// </summary>
public sealed class OutboxStore
{
    private readonly ChainDatabase _database;
    private readonly Lock _sequenceLock = new();

    /// <summary>Opens the collection and its indexes.</summary>
    public OutboxStore(ChainDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        Items.EnsureIndex("seq", "$.seq", unique: true);
        Items.EnsureIndex("state", "$.state");
    }

    private ILiteCollection<BsonDocument> Items => _database.Database.GetCollection("outbox");

    /// <summary>The intent with <paramref name="key"/>, or null.</summary>
    public TransactionIntent? Find(string key) => Items.FindById(key) is { } d ? Read(d) : null;

    /// <summary>Inserts a new intent unless its key exists; returns the stored one.</summary>
    public (TransactionIntent Intent, bool Created) Add(Func<long, TransactionIntent> create)
    {
        lock (_sequenceLock)
        {
            var last = Items.Query().OrderByDescending("$.seq").Limit(1).FirstOrDefault();
            var intent = create(last is null ? 1 : last["seq"].AsInt64 + 1);
            if (Find(intent.Key) is { } existing)
            {
                return (existing, false);
            }

            Items.Insert(Write(intent));
            return (intent, true);
        }
    }

    /// <summary>Writes <paramref name="intent"/>.</summary>
    public void Save(TransactionIntent intent) => Items.Upsert(Write(intent));

    /// <summary>Unfinished intents in creation order.</summary>
    public IReadOnlyList<TransactionIntent> Active() =>
        Items.Find(Query.In("state", nameof(IntentState.Queued), nameof(IntentState.Sent), nameof(IntentState.Mined)))
            .Select(Read).OrderBy(i => i.Sequence).ToList();

    /// <summary>The newest <paramref name="limit"/> intents, newest first.</summary>
    public IReadOnlyList<TransactionIntent> Recent(int limit) =>
        Items.Query().OrderByDescending("$.seq").Limit(limit).ToList().Select(Read).ToList();

    /// <summary>The highest nonce any intent of <paramref name="from"/> ever owned, or null.</summary>
    public long? HighestNonce(string from) =>
        Items.Find(Query.And(Query.EQ("from", from.ToLowerInvariant()), Query.Not("nonce", BsonValue.Null)))
            .Select(d => (long?)d["nonce"].AsInt64).Max();

    /// <summary>The intent owning <paramref name="nonce"/> of <paramref name="from"/>, or null.</summary>
    public TransactionIntent? OwnerOf(string from, long nonce) =>
        Items.FindOne(Query.And(Query.EQ("from", from.ToLowerInvariant()), Query.EQ("nonce", nonce))) is { } d ? Read(d) : null;

    private static BsonDocument Write(TransactionIntent i) => new()
    {
        ["_id"] = i.Key,
        ["seq"] = i.Sequence,
        ["kind"] = i.Kind,
        ["from"] = i.From.ToLowerInvariant(),
        ["to"] = i.To,
        ["data"] = i.Data,
        ["value"] = i.Value.ToString(CultureInfo.InvariantCulture),
        ["effect"] = i.Effect is null ? BsonValue.Null : new BsonDocument
        {
            ["address"] = i.Effect.Address,
            ["topics"] = new BsonArray(i.Effect.Topics.Select(t => t is null ? BsonValue.Null : new BsonValue(t))),
            ["words"] = new BsonArray(i.Effect.DataWords.Select(w => new BsonValue(w))),
        },
        ["state"] = i.State.ToString(),
        ["nonce"] = i.Nonce is { } n ? n : BsonValue.Null,
        ["gas"] = i.GasLimit?.ToString(CultureInfo.InvariantCulture) ?? BsonValue.Null,
        ["firstBlock"] = i.FirstSignedBlock is { } b ? b : BsonValue.Null,
        ["txs"] = new BsonArray(i.Transactions.Select(t => new BsonDocument
        {
            ["hash"] = t.Hash,
            ["raw"] = t.SignedTransaction,
            ["maxFee"] = t.MaxFeePerGas.ToString(CultureInfo.InvariantCulture),
            ["tip"] = t.MaxPriorityFeePerGas.ToString(CultureInfo.InvariantCulture),
            ["at"] = t.SignedAt.UtcDateTime,
        })),
        ["receipt"] = i.Receipt is not { } r ? BsonValue.Null : new BsonDocument
        {
            ["hash"] = r.TransactionHash,
            ["block"] = r.BlockNumber,
            ["blockHash"] = r.BlockHash,
            ["gasUsed"] = r.GasUsed.ToString(CultureInfo.InvariantCulture),
            ["ok"] = r.Succeeded,
        },
        ["error"] = i.LastError is null ? BsonValue.Null : new BsonValue(i.LastError),
        ["retries"] = i.Retries,
        ["next"] = i.NextAttempt.UtcDateTime,
        ["created"] = i.Created.UtcDateTime,
        ["updated"] = i.Updated.UtcDateTime,
        ["history"] = new BsonArray(i.History.Select(h => new BsonValue(h))),
    };

    private static TransactionIntent Read(BsonDocument d)
    {
        var effect = d["effect"].IsNull ? null : new IntentEffect(
            d["effect"]["address"].AsString,
            d["effect"]["topics"].AsArray.Select(t => t.IsNull ? null : t.AsString).ToList(),
            d["effect"]["words"].AsArray.Select(w => w.AsString).ToList());
        var receipt = d["receipt"].IsNull ? null : new IntentReceipt(
            d["receipt"]["hash"].AsString,
            d["receipt"]["block"].AsInt64,
            d["receipt"]["blockHash"].AsString,
            BigInteger.Parse(d["receipt"]["gasUsed"].AsString, CultureInfo.InvariantCulture),
            d["receipt"]["ok"].AsBoolean);
        return new TransactionIntent
        {
            Key = d["_id"].AsString,
            Sequence = d["seq"].AsInt64,
            Kind = d["kind"].AsString,
            From = d["from"].AsString,
            To = d["to"].AsString,
            Data = d["data"].AsString,
            Value = BigInteger.Parse(d["value"].AsString, CultureInfo.InvariantCulture),
            Effect = effect,
            State = Enum.Parse<IntentState>(d["state"].AsString),
            Nonce = d["nonce"].IsNull ? null : d["nonce"].AsInt64,
            GasLimit = d["gas"].IsNull ? null : BigInteger.Parse(d["gas"].AsString, CultureInfo.InvariantCulture),
            FirstSignedBlock = d["firstBlock"].IsNull ? null : d["firstBlock"].AsInt64,
            Transactions = d["txs"].AsArray.Select(t => new SentTransaction(
                t["hash"].AsString,
                t["raw"].AsString,
                BigInteger.Parse(t["maxFee"].AsString, CultureInfo.InvariantCulture),
                BigInteger.Parse(t["tip"].AsString, CultureInfo.InvariantCulture),
                Utc(t["at"]))).ToList(),
            Receipt = receipt,
            LastError = d["error"].IsNull ? null : d["error"].AsString,
            Retries = d["retries"].AsInt32,
            NextAttempt = Utc(d["next"]),
            Created = Utc(d["created"]),
            Updated = Utc(d["updated"]),
            History = d["history"].AsArray.Select(h => h.AsString).ToList(),
        };
    }

    private static DateTimeOffset Utc(BsonValue value) =>
        new(DateTime.SpecifyKind(value.AsDateTime.ToUniversalTime(), DateTimeKind.Utc));
}
