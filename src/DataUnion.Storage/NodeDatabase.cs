using LiteDB;

namespace DataUnion.Storage;

/// <summary>
/// The node's LiteDB file, opened once per process and shared by every component.
/// LiteDB's direct connection is thread-safe inside one process; the data directory's lock
/// keeps a second process away. Disposing checkpoints the log into the data file, so a clean
/// shutdown leaves a single self-contained file.
/// </summary>
public sealed class NodeDatabase : IDisposable
{
    /// <summary>The schema this code reads and writes. Raise it with a migration when collections change.</summary>
    public const int CurrentSchemaVersion = 1;

    private const string SchemaCollection = "_schema";

    private readonly LiteDatabase _database;
    private bool _disposed;

    /// <summary>
    /// Builds LiteDB's mapper for the schema document once, before any database is opened: the
    /// global mapper publishes a type's mapper before its members are filled in, so two databases
    /// opened at once could otherwise write the document with fields missing.
    /// </summary>
    static NodeDatabase()
    {
        var sample = new SchemaInfo();
        BsonMapper.Global.ToObject<SchemaInfo>(BsonMapper.Global.ToDocument(sample));
    }

    private NodeDatabase(LiteDatabase database, string path, int schemaVersion)
    {
        _database = database;
        FilePath = path;
        SchemaVersion = schemaVersion;
    }

    /// <summary>Absolute path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>Schema version recorded in the file.</summary>
    public int SchemaVersion { get; }

    /// <summary>The underlying database, for the stores of other components.</summary>
    public ILiteDatabase Database => _disposed ? throw new ObjectDisposedException(nameof(NodeDatabase)) : _database;

    /// <summary>
    /// Opens (or creates) the database at <paramref name="path"/> and records the schema version.
    /// A file written by a newer node is refused rather than misread.
    /// </summary>
    /// <param name="path">Database file path; its directory must exist.</param>
    /// <param name="timeProvider">Clock for the schema timestamps.</param>
    public static NodeDatabase Open(string path, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(timeProvider);
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
            throw new StorageException($"cannot open the database '{fullPath}' (not a LiteDB file, damaged, or not readable): {ex.Message}", ex);
        }

        try
        {
            var version = EnsureSchema(database, timeProvider);
            return new NodeDatabase(database, fullPath, version);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>Reads the schema document: a cheap proof that the file is open and readable.</summary>
    public bool Ping()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _database.GetCollection<SchemaInfo>(SchemaCollection).FindById(SchemaInfo.DocumentId) is not null;
    }

    /// <summary>Writes the write-ahead log into the data file.</summary>
    public void Checkpoint()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _database.Checkpoint();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _database.Checkpoint();
        _database.Dispose();
    }

    private static int EnsureSchema(LiteDatabase database, TimeProvider timeProvider)
    {
        var schema = database.GetCollection<SchemaInfo>(SchemaCollection);
        var info = schema.FindById(SchemaInfo.DocumentId);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        if (info is null)
        {
            schema.Insert(new SchemaInfo { Version = CurrentSchemaVersion, CreatedUtc = now, MigratedUtc = now });
            return CurrentSchemaVersion;
        }

        if (info.Version > CurrentSchemaVersion)
        {
            throw new StorageException(
                $"the database was written with schema version {info.Version}, newer than this node's {CurrentSchemaVersion}; upgrade the node");
        }

        if (info.Version < CurrentSchemaVersion)
        {
            // Migrations from older layouts go here, one step at a time, before the version is raised.
            info.Version = CurrentSchemaVersion;
            info.MigratedUtc = now;
            schema.Update(info);
        }

        return info.Version;
    }
}
