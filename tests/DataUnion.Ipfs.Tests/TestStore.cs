using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Store;
using DataUnion.Storage;
using DataUnion.Storage.Pins;

namespace DataUnion.Ipfs.Tests;

/// <summary>A real store for one test: a block directory and a LiteDB pin file under one folder.</summary>
internal sealed class TestStore : IDisposable
{
    private readonly NodeDatabase _database;

    public TestStore(string root)
    {
        Directory.CreateDirectory(root);
        _database = NodeDatabase.Open(Path.Combine(root, "node.db"), TimeProvider.System);
        Store = new IpfsStore(new FileBlockStore(Path.Combine(root, "blocks")), new LiteDbPinStore(_database), TimeProvider.System);
    }

    public IpfsStore Store { get; }

    public void Dispose() => _database.Dispose();
}
