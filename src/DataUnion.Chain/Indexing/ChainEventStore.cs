using System.Globalization;
using System.Numerics;
using DataUnion.Chain.Storage;
using LiteDB;

namespace DataUnion.Chain.Indexing;

/// <summary>
/// The event index in the chain database: events (<c>events</c>), the hashes of recently
/// indexed blocks (<c>indexed_blocks</c>) and the last indexed block (<c>indexer</c>). Each
/// indexed range and each rollback is one LiteDB transaction, so the index never holds part of
/// a range or events past its recorded last block.
/// </summary>
public sealed partial class ChainEventStore
{
    private const int KeptAlways = 16;
    private readonly ChainDatabase _database;

    /// <summary>Opens the collections and their indexes.</summary>
    public ChainEventStore(ChainDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        // Two secondary indexes only: each costs every insert. Block ranges use the _id order
        // (zero-padded block:logIndex), and the version list reads the market's events in full.
        Events.EnsureIndex("version", "$.version");
        Events.EnsureIndex("account", "$.account");
    }

    private ILiteDatabase Db => _database.Database;

    private ILiteCollection<BsonDocument> Events => Db.GetCollection("events");

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
            Events.DeleteAll();
            Blocks.DeleteAll();
            WriteCheckpoint(start);
        });
    }

    /// <summary>
    /// Adds one indexed range: its events, the block hashes seen, and the new last block. Hashes
    /// more than <paramref name="keep"/> blocks below the new last block are dropped.
    /// </summary>
    public void Commit(IReadOnlyList<ChainEvent> events, IReadOnlyDictionary<long, string> blockHashes, IndexerCheckpoint checkpoint, int keep)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(blockHashes);
        InTransaction(() =>
        {
            // A range is committed whole or not at all, and rollbacks delete above the ancestor, so
            // an event is never inserted twice.
            if (events.Count > 0)
            {
                Events.InsertBulk(events.Select(Write), batchSize: 10_000);
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
            WriteCheckpoint(checkpoint);
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
            removed = Events.DeleteMany(Query.GT("_id", $"{ancestor:D12}:999999"));
            Blocks.DeleteMany(Query.GT("_id", ancestor));
            var checkpoint = Checkpoint()!;
            WriteCheckpoint(checkpoint with { LastBlock = ancestor });
        });
        return removed;
    }

    /// <summary>Number of indexed events.</summary>
    public int Count() => Events.Count();

    private void WriteCheckpoint(IndexerCheckpoint checkpoint) => State.Upsert(new BsonDocument
    {
        ["_id"] = 1,
        ["last"] = checkpoint.LastBlock,
        ["market"] = checkpoint.Market,
        ["staking"] = checkpoint.Staking,
        ["deployBlock"] = checkpoint.DeployBlock,
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

    private static BsonDocument Write(ChainEvent e)
    {
        var fields = new BsonDocument();
        foreach (var (name, value) in e.Fields)
        {
            fields[name] = value;
        }

        return new BsonDocument
        {
            ["_id"] = $"{e.BlockNumber:D12}:{e.LogIndex:D6}",
            ["kind"] = e.Kind.ToString(),
            ["block"] = e.BlockNumber,
            ["blockHash"] = e.BlockHash,
            ["tx"] = e.TransactionHash,
            ["logIndex"] = e.LogIndex,
            ["contract"] = e.Contract,
            ["version"] = e.VersionId is { } v ? Text(v) : BsonValue.Null,
            ["account"] = e.Account is null ? BsonValue.Null : new BsonValue(e.Account),
            ["amount"] = e.Amount is { } a ? Text(a) : BsonValue.Null,
            ["fields"] = fields,
        };
    }

    private static ChainEvent Read(BsonDocument d) => new(
        Enum.Parse<ChainEventKind>(d["kind"].AsString),
        d["block"].AsInt64,
        d["blockHash"].AsString,
        d["tx"].AsString,
        d["logIndex"].AsInt64,
        d["contract"].AsString,
        d["version"].IsNull ? null : BigInteger.Parse(d["version"].AsString, CultureInfo.InvariantCulture),
        d["account"].IsNull ? null : d["account"].AsString,
        d["amount"].IsNull ? null : BigInteger.Parse(d["amount"].AsString, CultureInfo.InvariantCulture),
        d["fields"].AsDocument.ToDictionary(f => f.Key, f => f.Value.AsString));

    private static string Text(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}
