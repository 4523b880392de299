using DataUnion.Storage;
using LiteDB;

namespace DataUnion.Chain.Storage;

/// <summary>
/// The chain layer's LiteDB file (<c>&lt;data&gt;/chain/chain-&lt;chainId&gt;.db</c>): the transaction
/// outbox and the event index. Kept apart from the node database because the index can be rebuilt
/// from the chain at any time while the outbox must never be lost; a damaged index file can be deleted.
/// </summary>
public sealed class ChainDatabase : IDisposable
{
    /// <summary>
    /// The schema this code reads and writes. Version 2 keeps the market's and the staking
    /// contract's events apart; the event index of a version-1 file is dropped, to be read again
    /// from the chain, and the outbox is kept. Version 3 stores each block's transaction hashes and
    /// accounts once and its events as one compact JSON value; the event index is read again likewise.
    /// </summary>
    public const int CurrentSchemaVersion = 3;

    private static readonly LiteDbSchema Schema = new("the chain database", CurrentSchemaVersion, new Dictionary<int, Action<ILiteDatabase>>
    {
        [1] = database => Empty(database, "events", "indexed_blocks", "indexer"),
        [2] = database => Empty(database, "market_events", "staking_events", "indexed_blocks", "indexer"),
    });

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
    /// <param name="path">The file; its directory must exist.</param>
    /// <param name="time">Clock for the schema record; default the system clock.</param>
    /// <exception cref="StorageException">The file cannot be opened or is from a newer schema.</exception>
    public static ChainDatabase Open(string path, TimeProvider? time = null)
    {
        var (database, _) = LiteDbFile.Open(path, Schema, time ?? TimeProvider.System);
        return new ChainDatabase(database, Path.GetFullPath(path));
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

    /// <summary>
    /// Empties the index's collections, so the indexer reads the chain again from its deploy block.
    /// Emptied, not dropped: a migration runs in a transaction, and LiteDB drops none inside one.
    /// </summary>
    private static void Empty(ILiteDatabase database, params string[] collections)
    {
        foreach (var collection in collections)
        {
            database.GetCollection(collection).DeleteAll();
        }
    }
}
