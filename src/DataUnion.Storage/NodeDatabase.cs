using DataUnion.Storage.Pins;
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
    /// <summary>
    /// The schema this code reads and writes. Version 2 gave every pin its owners; pins from
    /// version 1 are held by the Kubo RPC and by the Pinning Services API requests that pinned them.
    /// Version 3 adds the hold of labeling on every image put up for labeling before that.
    /// </summary>
    public const int CurrentSchemaVersion = 3;

    private static readonly LiteDbSchema Schema = new("the database", CurrentSchemaVersion, new Dictionary<int, Action<ILiteDatabase>>
    {
        [1] = PinOwnersMigration.Run,
        [2] = PinOwnersMigration.AddLabelingOwners,
    });

    private readonly LiteDatabase _database;
    private bool _disposed;

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
        var (database, version) = LiteDbFile.Open(path, Schema, timeProvider);
        return new NodeDatabase(database, Path.GetFullPath(path), version);
    }

    /// <summary>Reads the schema document: a cheap proof that the file is open and readable.</summary>
    public bool Ping()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return LiteDbFile.RecordedVersion(_database) is not null;
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
        LiteDbFile.Close(_database);
    }
}
