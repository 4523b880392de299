using DataUnion.Chain.Storage;
using DataUnion.Testing;
using LiteDB;

namespace DataUnion.Chain.Tests.Storage;

/// <summary>The chain database's schema upgrades: the event index is rebuilt from the chain, the outbox is kept.</summary>
public sealed class ChainDatabaseTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static int ReadVersion(ChainDatabase database) => database.Database.GetCollection("_schema").FindById("schema")["Version"].AsInt32;

    [Theory]
    [InlineData(1, "events")]
    [InlineData(2, "staking_events")]
    public void Open_OlderFile_EmptiesTheEventIndexToBeReadAgain_AndKeepsTheOutbox(int version, string events)
    {
        var path = _directory.Combine($"chain-{version}.db");
        using (var old = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }))
        {
            old.GetCollection("_schema").Insert(new BsonDocument { ["_id"] = "schema", ["Version"] = version, ["CreatedUtc"] = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc) });
            old.GetCollection(events).Insert(new BsonDocument { ["_id"] = 7000L, ["events"] = new BsonArray { new BsonDocument { ["tx"] = "0xabc" } } });
            old.GetCollection("indexer").Insert(new BsonDocument { ["_id"] = 1, ["last"] = 7L });
            old.GetCollection("outbox").Insert(new BsonDocument { ["_id"] = "intent-1", ["state"] = "Sent" });
        }

        using var database = ChainDatabase.Open(path);

        Assert.Equal(ChainDatabase.CurrentSchemaVersion, ReadVersion(database));
        Assert.Equal(0, database.Database.GetCollection(events).Count());
        Assert.Equal(0, database.Database.GetCollection("indexer").Count());
        Assert.Equal("Sent", database.Database.GetCollection("outbox").FindById("intent-1")["state"].AsString);
    }

    public void Dispose() => _directory.Dispose();
}
