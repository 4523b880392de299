using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using DataUnion.Chain.Storage;
using LiteDB;

namespace DataUnion.Chain.Indexing;

/// <summary>
/// The event index in the chain database: the market's events (<c>market_events</c>), the staking
/// contract's (<c>staking_events</c>), the hashes of recently indexed blocks (<c>indexed_blocks</c>)
/// and the last indexed block and event count (<c>indexer</c>). Each indexed range and each rollback
/// is one LiteDB transaction, so the index never holds part of a range or events past its
/// recorded last block.
/// </summary>
/// <remarks>
/// Events are stored a block at a time: one document per contract and block (split every
/// <see cref="EventsPerDocument"/> events) holds the block's hash, its events in log order, and the
/// accounts and versions they are about, which carry the indexes. LiteDB's cost is per document
/// and per index entry, so a block of many events costs one insert, not one each: that is what lets
/// the commits keep up with the reads. Blocks are the unit of a reorg too, so a rollback removes
/// whole documents. The <c>_id</c> is block × 1000 + part, in the chain's order.
/// </remarks>
public sealed partial class ChainEventStore
{
    /// <summary>Most events in one stored document; a block with more is split, well below LiteDB's document size limit.</summary>
    public const int EventsPerDocument = 4096;

    private const int PartsPerBlock = 1000;
    private const int KeptAlways = 16;

    /// <summary>The kinds' names, by value: written for each event, so they are made once.</summary>
    private static readonly string[] KindNames = Enum.GetValues<ChainEventKind>().Select(k => k.ToString()).ToArray();
    private readonly ChainDatabase _database;

    /// <summary>Opens the collections and their indexes.</summary>
    public ChainEventStore(ChainDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        MarketEvents.EnsureIndex("versions", "$.versions[*]");
        MarketEvents.EnsureIndex("accounts", "$.accounts[*]");
        StakingEvents.EnsureIndex("accounts", "$.accounts[*]");
    }

    private ILiteDatabase Db => _database.Database;

    private ILiteCollection<BsonDocument> MarketEvents => Db.GetCollection("market_events");

    private ILiteCollection<BsonDocument> StakingEvents => Db.GetCollection("staking_events");

    private ILiteCollection<BsonDocument> Blocks => Db.GetCollection("indexed_blocks");

    private ILiteCollection<BsonDocument> State => Db.GetCollection("indexer");

    /// <summary>What the index covers, or null before the first range.</summary>
    public IndexerCheckpoint? Checkpoint() =>
        State.FindById(1) is { } d
            ? new IndexerCheckpoint(d["last"].AsInt64, d["market"].AsString, d["staking"].AsString, d["deployBlock"].AsInt64)
            : null;

    /// <summary>Empties the index and starts it over for the given contracts.</summary>
    public void Reset(IndexerCheckpoint start)
    {
        ArgumentNullException.ThrowIfNull(start);
        InTransaction(() =>
        {
            MarketEvents.DeleteAll();
            StakingEvents.DeleteAll();
            Blocks.DeleteAll();
            WriteCheckpoint(start, count: 0);
        });
    }

    /// <summary>
    /// Turns <paramref name="events"/> (in chain order) into the documents
    /// <see cref="Commit(PreparedEvents, IReadOnlyDictionary{long, string}, IndexerCheckpoint, int)"/>
    /// stores. It touches no database, so the indexer prepares one range while it commits another.
    /// </summary>
    public static PreparedEvents Prepare(IReadOnlyList<ChainEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var prepared = new PreparedEvents();
        foreach (var group in events.GroupBy(e => (Market: IsMarket(e.Kind), e.BlockNumber)))
        {
            var part = 0;
            foreach (var chunk in group.Chunk(EventsPerDocument))
            {
                if (part == PartsPerBlock)
                {
                    throw new FormatException($"block {group.Key.BlockNumber} holds more than {EventsPerDocument * PartsPerBlock} events of one contract; no block can");
                }

                (group.Key.Market ? prepared.Market : prepared.Staking).Add(Write(group.Key.BlockNumber, part++, chunk));
            }
        }

        prepared.Events = events.Count;
        return prepared;
    }

    /// <summary>
    /// Adds one indexed range: its events, the block hashes seen, and the new last block. Hashes
    /// more than <paramref name="keep"/> blocks below the new last block are dropped.
    /// </summary>
    public void Commit(IReadOnlyList<ChainEvent> events, IReadOnlyDictionary<long, string> blockHashes, IndexerCheckpoint checkpoint, int keep) =>
        Commit(Prepare(events), blockHashes, checkpoint, keep);

    /// <summary>Adds one or more indexed ranges, prepared by <see cref="Prepare"/>, in one transaction.</summary>
    public void Commit(PreparedEvents events, IReadOnlyDictionary<long, string> blockHashes, IndexerCheckpoint checkpoint, int keep)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(blockHashes);
        ArgumentNullException.ThrowIfNull(checkpoint);
        InTransaction(() =>
        {
            // A range is committed whole or not at all, and rollbacks delete above the ancestor, so
            // a block's events are never inserted twice.
            if (events.Market.Count > 0)
            {
                MarketEvents.InsertBulk(events.Market);
            }

            if (events.Staking.Count > 0)
            {
                StakingEvents.InsertBulk(events.Staking);
            }

            foreach (var (number, hash) in blockHashes)
            {
                Blocks.Upsert(new BsonDocument { ["_id"] = number, ["hash"] = hash.ToLowerInvariant() });
            }

            // The newest few hashes stay even when older than the window, so that after a catch-up
            // in wide ranges a reorg at the head rolls back one range, not the whole index.
            var newest = Blocks.Query().OrderByDescending("_id").Limit(KeptAlways).ToList();
            var floor = Math.Min(checkpoint.LastBlock - keep, newest.Count == 0 ? long.MaxValue : newest[^1]["_id"].AsInt64);
            Blocks.DeleteMany(Query.LT("_id", floor));
            WriteCheckpoint(checkpoint, Count() + events.Events);
        });
    }

    /// <summary>Known block hashes, newest first.</summary>
    public IReadOnlyList<(long Number, string Hash)> RecentBlocks() =>
        Blocks.Query().OrderByDescending("_id").ToList().Select(d => (d["_id"].AsInt64, d["hash"].AsString)).ToList();

    /// <summary>Removes every event and block hash above <paramref name="ancestor"/> and makes it the last indexed block.</summary>
    /// <returns>How many events were removed.</returns>
    public int RollbackTo(long ancestor)
    {
        var removed = 0;
        InTransaction(() =>
        {
            var above = Query.GT("_id", ((ancestor + 1) * PartsPerBlock) - 1);
            foreach (var events in new[] { MarketEvents, StakingEvents })
            {
                removed += events.Find(above).Sum(d => d["n"].AsInt32);
                events.DeleteMany(above);
            }

            Blocks.DeleteMany(Query.GT("_id", ancestor));
            WriteCheckpoint(Checkpoint()! with { LastBlock = ancestor }, Count() - removed);
        });
        return removed;
    }

    /// <summary>Number of indexed events.</summary>
    public int Count() => State.FindById(1) is { } d && d.TryGetValue("count", out var count) ? count.AsInt32 : 0;

    private void WriteCheckpoint(IndexerCheckpoint checkpoint, int count) => State.Upsert(new BsonDocument
    {
        ["_id"] = 1,
        ["last"] = checkpoint.LastBlock,
        ["market"] = checkpoint.Market,
        ["staking"] = checkpoint.Staking,
        ["deployBlock"] = checkpoint.DeployBlock,
        ["count"] = count,
    });

    private void InTransaction(Action action)
    {
        Db.BeginTrans();
        try
        {
            action();
            Db.Commit();
        }
        catch
        {
            Db.Rollback();
            throw;
        }
    }

    /// <summary>True for the market's events, false for the staking contract's.</summary>
    private static bool IsMarket(ChainEventKind kind) => kind is ChainEventKind.VersionPublished or ChainEventKind.VersionRetired
        or ChainEventKind.Purchased or ChainEventKind.Claimed;

    /// <summary>One stored document: part <paramref name="part"/> of a block's events of one contract.</summary>
    private static BsonDocument Write(long block, int part, ChainEvent[] events)
    {
        // A block's events go into one compact JSON value: an array per event of its log index,
        // kind, transaction (a position in the document's "txs"), account (a position in
        // "accounts", or -1), version, amount and other fields. A block's events mostly share their
        // transaction and account, so each is stored once; the document-level arrays are what the
        // indexes read.
        var transactions = new Positions();
        var accounts = new Positions();
        var versions = new HashSet<string>(StringComparer.Ordinal);
        var buffer = new ArrayBufferWriter<byte>(events.Length * 96);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var e in events)
            {
                json.WriteStartArray();
                json.WriteNumberValue(e.LogIndex);
                json.WriteStringValue(KindNames[(int)e.Kind]);
                json.WriteNumberValue(transactions.Of(e.TransactionHash));
                json.WriteNumberValue(e.Account is null ? -1 : accounts.Of(e.Account));
                WriteNumber(json, e.VersionId);
                WriteNumber(json, e.Amount);
                if (e.VersionId is { } version)
                {
                    versions.Add(Text(version));
                }

                if (e.Fields.Count > 0)
                {
                    json.WriteStartObject();
                    foreach (var (name, value) in e.Fields)
                    {
                        json.WriteString(name, value);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        return new BsonDocument
        {
            ["_id"] = (block * PartsPerBlock) + part,
            ["hash"] = events[0].BlockHash,
            ["n"] = events.Length,
            ["events"] = buffer.WrittenSpan.ToArray(),
            ["txs"] = transactions.Values,
            ["accounts"] = accounts.Values,
            ["versions"] = new BsonArray(versions.Select(v => new BsonValue(v))),
        };
    }

    /// <summary>A token amount or version id as a JSON string of its decimal digits (they exceed JSON's safe integers), or null.</summary>
    private static void WriteNumber(Utf8JsonWriter json, BigInteger? value)
    {
        if (value is { } number)
        {
            json.WriteStringValue(Text(number));
        }
        else
        {
            json.WriteNullValue();
        }
    }

    private static IEnumerable<ChainEvent> Read(BsonDocument d, string contract)
    {
        var block = d["_id"].AsInt64 / PartsPerBlock;
        var hash = d["hash"].AsString;
        var transactions = d["txs"].AsArray;
        var accounts = d["accounts"].AsArray;
        using var events = JsonDocument.Parse(d["events"].AsBinary);
        var read = new List<ChainEvent>(events.RootElement.GetArrayLength());
        foreach (var e in events.RootElement.EnumerateArray())
        {
            var account = e[3].GetInt32();
            read.Add(new ChainEvent(
                Enum.Parse<ChainEventKind>(e[1].GetString()!),
                block,
                hash,
                transactions[e[2].GetInt32()].AsString,
                e[0].GetInt64(),
                contract,
                Number(e[4]),
                account < 0 ? null : accounts[account].AsString,
                Number(e[5]),
                e.GetArrayLength() > 6 ? e[6].EnumerateObject().ToDictionary(f => f.Name, f => f.Value.GetString()!) : new Dictionary<string, string>()));
        }

        return read;
    }

    private static BigInteger? Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? null : BigInteger.Parse(value.GetString()!, CultureInfo.InvariantCulture);

    /// <summary>Distinct strings in first-seen order, each with its position.</summary>
    private sealed class Positions
    {
        private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);

        public BsonArray Values { get; } = [];

        public int Of(string value)
        {
            if (!_positions.TryGetValue(value, out var position))
            {
                position = _positions.Count;
                _positions[value] = position;
                Values.Add(value);
            }

            return position;
        }
    }

    private static string Text(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}
