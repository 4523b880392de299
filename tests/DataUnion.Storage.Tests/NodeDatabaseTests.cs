using DataUnion.Testing;
using LiteDB;
using Microsoft.Extensions.Time.Testing;

namespace DataUnion.Storage.Tests;

public sealed class NodeDatabaseTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private string DatabasePath => _directory.Combine("node.db");

    [Fact]
    public void Open_NewFile_RecordsCurrentSchemaVersion()
    {
        using var database = NodeDatabase.Open(DatabasePath, _time);

        Assert.Equal(NodeDatabase.CurrentSchemaVersion, database.SchemaVersion);
        Assert.True(database.Ping());
        Assert.True(File.Exists(DatabasePath));
    }

    [Fact]
    public void Open_ExistingFile_KeepsSchemaAndData()
    {
        using (var first = NodeDatabase.Open(DatabasePath, _time))
        {
            first.Database.GetCollection("notes").Insert(new BsonDocument { ["_id"] = 1, ["text"] = "kept" });
        }

        using var second = NodeDatabase.Open(DatabasePath, _time);

        Assert.Equal(NodeDatabase.CurrentSchemaVersion, second.SchemaVersion);
        Assert.Equal("kept", second.Database.GetCollection("notes").FindById(1)["text"].AsString);
    }

    [Fact]
    public void Close_WhenTheEngineIsClosedAlready_DoesNotThrow_AndTheCommittedDataStays()
    {
        // LiteDB closes its engine itself after a failure it cannot carry on from; shutting down
        // must still release the file, and what was committed must be there at the next open.
        var raw = new LiteDatabase(DatabasePath);
        raw.GetCollection("notes").Insert(new BsonDocument { ["_id"] = 1, ["text"] = "kept" });
        CloseEngineAsAfterAFailure(raw);
        Assert.Throws<ObjectDisposedException>(raw.Checkpoint);

        LiteDbFile.Close(raw);

        using var reopened = NodeDatabase.Open(DatabasePath, _time);
        Assert.Equal("kept", reopened.Database.GetCollection("notes").FindById(1)["text"].AsString);
    }

    /// <summary>What LiteDB does itself after an I/O failure: closes the engine (an internal call, so reached by reflection).</summary>
    private static void CloseEngineAsAfterAFailure(LiteDatabase database)
    {
        const System.Reflection.BindingFlags Hidden = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic;
        var engine = typeof(LiteDatabase).GetField("_engine", Hidden)!.GetValue(database)!;
        var close = engine.GetType().GetMethod("Close", Hidden, [typeof(Exception)])
            ?? throw new InvalidOperationException($"LiteDB {typeof(LiteDatabase).Assembly.GetName().Version} has no LiteEngine.Close(Exception)");
        close.Invoke(engine, [new IOException("simulated disk failure")]);
    }

    [Fact]
    public void Open_FileFromNewerNode_IsRefusedWithBothVersions()
    {
        using (var raw = new LiteDatabase(DatabasePath))
        {
            raw.GetCollection("_schema").Insert(new BsonDocument { ["_id"] = "schema", ["Version"] = 99 });
        }

        var error = Assert.Throws<StorageException>(() => NodeDatabase.Open(DatabasePath, _time));

        Assert.Contains("99", error.Message, StringComparison.Ordinal);
        Assert.Contains(NodeDatabase.CurrentSchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FileThatIsNotADatabase_GivesStorageErrorNamingTheFile()
    {
        File.WriteAllText(DatabasePath, new string('x', 20_000));

        var error = Assert.Throws<StorageException>(() => NodeDatabase.Open(DatabasePath, _time));

        Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_AfterWrites_LeavesNoWriteAheadLog()
    {
        var database = NodeDatabase.Open(DatabasePath, _time);
        database.Database.GetCollection("notes").Insert(new BsonDocument { ["_id"] = 1 });

        database.Dispose();

        Assert.False(File.Exists(_directory.Combine("node-log.db")));
    }

    [Fact]
    public async Task Database_ConcurrentWritersInOneProcess_AllWritesLand()
    {
        using var database = NodeDatabase.Open(DatabasePath, _time);
        var notes = database.Database.GetCollection("notes");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                notes.Insert(new BsonDocument { ["_id"] = (writer * 1000) + i });
            }
        })));

        Assert.Equal(400, notes.Count());
    }

    [Fact]
    public void Ping_AfterDispose_Throws()
    {
        var database = NodeDatabase.Open(DatabasePath, _time);
        database.Dispose();

        Assert.Throws<ObjectDisposedException>(() => database.Ping());
    }

    public void Dispose() => _directory.Dispose();
}
