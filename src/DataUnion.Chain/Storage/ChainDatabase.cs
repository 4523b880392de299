using LiteDB;

namespace DataUnion.Chain.Storage;

/// <summary>
/// The chain layer's LiteDB file (<c>&lt;data&gt;/chain/chain.db</c>): the transaction outbox
/// and the event index. Kept apart from the node database because the index can be rebuilt from
/// the chain at any time while the outbox must never be lost; a damaged index file can be deleted.
/// </summary>
public sealed class ChainDatabase : IDisposable
{
    /// <summary>The schema this code reads and writes.</summary>
    public const int CurrentSchemaVersion = 1;

    private readonly LiteDatabase _database;
    private bool _disposed;

    private ChainDatabase(LiteDatabase database, string path)
    {
        _database = database;
        FilePath = path;
    }

    /// <summary>Absolute path of the file.</summary>
    public string FilePath { get; }

    /// <summary>The database.</summary>
    public ILiteDatabase Database => _disposed ? throw new ObjectDisposedException(nameof(ChainDatabase)) : _database;

    /// <summary>Opens or creates the file; a file from a newer node is refused.</summary>
    /// <exception cref="ChainStorageException">The file cannot be opened or is from a newer schema.</exception>
    public static ChainDatabase Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        LiteDatabase database;
        try
        {
            database = new LiteDatabase(new ConnectionString { Filename = fullPath, Connection = ConnectionType.Direct });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ChainStorageException($"cannot open the chain database '{fullPath}' (not a LiteDB file, damaged, or not readable): {ex.Message}", ex);
        }

        try
        {
            var meta = database.GetCollection("_schema");
            var info = meta.FindById(1);
            if (info is null)
            {
                meta.Insert(new BsonDocument { ["_id"] = 1, ["version"] = CurrentSchemaVersion });
            }
            else if (info["version"].AsInt32 > CurrentSchemaVersion)
            {
                throw new ChainStorageException(
                    $"the chain database '{fullPath}' has schema version {info["version"].AsInt32}, newer than this node's {CurrentSchemaVersion}; upgrade the node");
            }

            return new ChainDatabase(database, fullPath);
        }
        catch
        {
            database.Dispose();
            throw;
        }
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
}
