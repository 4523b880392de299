using LiteDB;

namespace DataUnion.Storage;

/// <summary>
/// The one way this project opens a LiteDB file: a direct connection, a schema record in the
/// <c>_schema</c> collection, a file from a newer node refused rather than misread, an older one
/// migrated step by step, and the file left readable by its owner only. Used by the node
/// database, the chain database and the packed block store's index.
/// </summary>
public static class LiteDbFile
{
    /// <summary>The collection holding the schema record.</summary>
    public const string SchemaCollection = "_schema";

    private const string SchemaId = "schema";

    /// <summary>
    /// Closes <paramref name="database"/> after writing its log into the data file. When LiteDB has
    /// already closed the engine itself (it does after a failure it cannot carry on from), there is
    /// nothing to checkpoint: what was committed stays in the log file, which the next open replays.
    /// </summary>
    public static void Close(LiteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        try
        {
            database.Checkpoint();
        }
        catch (ObjectDisposedException)
        {
            // The engine closed itself; its log is replayed on the next open.
        }

        database.Dispose();
    }

    /// <summary>Opens (or creates) the file at <paramref name="path"/> and brings its schema to <paramref name="schema"/>'s version.</summary>
    /// <param name="path">The file; its directory must exist.</param>
    /// <param name="schema">What the file is, the version this code reads and writes, and the migrations to it.</param>
    /// <param name="time">Clock for the schema record's timestamps.</param>
    /// <returns>The open database and its schema version.</returns>
    /// <exception cref="StorageException">The file cannot be opened, or holds a newer schema.</exception>
    public static (LiteDatabase Database, int SchemaVersion) Open(string path, LiteDbSchema schema, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(time);
        var fullPath = Path.GetFullPath(path);
        LiteDatabase database;
        try
        {
            database = new LiteDatabase(new ConnectionString { Filename = fullPath, Connection = ConnectionType.Direct });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // LiteDB reports a damaged or foreign file with whatever its page reader tripped over
            // (even ArgumentOutOfRangeException), so every failure here means "cannot open".
            throw new StorageException($"cannot open {schema.Description} '{fullPath}' (not a LiteDB file, damaged, or not readable): {ex.Message}", ex);
        }

        try
        {
            var version = EnsureSchema(database, fullPath, schema, time);
            OwnerOnly(fullPath);
            return (database, version);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>The schema version recorded in <paramref name="database"/>, or null when it has none.</summary>
    public static int? RecordedVersion(ILiteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var records = database.GetCollection(SchemaCollection);
        // Chain databases written before the shared record kept {_id: 1, version}.
        return records.FindById(SchemaId)?["Version"].AsInt32 ?? records.FindById(1)?["version"].AsInt32;
    }

    private static int EnsureSchema(LiteDatabase database, string path, LiteDbSchema schema, TimeProvider time)
    {
        var records = database.GetCollection(SchemaCollection);
        var now = time.GetUtcNow().UtcDateTime;
        var recorded = RecordedVersion(database);
        if (recorded is null)
        {
            records.Upsert(Record(schema.CurrentVersion, now, now));
            return schema.CurrentVersion;
        }

        var version = recorded.Value;
        if (version > schema.CurrentVersion)
        {
            throw new StorageException(
                $"{schema.Description} '{path}' was written with schema version {version}, newer than this node's {schema.CurrentVersion}; upgrade the node");
        }

        var created = records.FindById(SchemaId)?["CreatedUtc"] is { IsDateTime: true } c ? c.AsDateTime : now;
        while (version < schema.CurrentVersion)
        {
            // Each step and its new version commit together: a crash mid-way leaves the old version to migrate again.
            database.BeginTrans();
            schema.Migrate(database, version);
            version++;
            records.Upsert(Record(version, created, now));
            database.Commit();
        }

        return version;
    }

    private static BsonDocument Record(int version, DateTime created, DateTime migrated) => new()
    {
        ["_id"] = SchemaId,
        ["Version"] = version,
        ["CreatedUtc"] = created,
        ["MigratedUtc"] = migrated,
    };

    private static void OwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
