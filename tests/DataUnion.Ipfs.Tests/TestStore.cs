using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Store;
using DataUnion.Storage;
using DataUnion.Storage.Pins;

namespace DataUnion.Ipfs.Tests;

/// <summary>A real store for one test: a block store (packed by default, as the node's) and a LiteDB pin file under one folder.</summary>
internal sealed class TestStore : IDisposable
{
    private readonly NodeDatabase _database;
    private readonly IBlockStore _blocks;

    public TestStore(string root, BlockStoreLayout layout = BlockStoreLayout.Packed)
    {
        Directory.CreateDirectory(root);
        _database = NodeDatabase.Open(Path.Combine(root, "node.db"), TimeProvider.System);
        _blocks = BlockStores.Open(Path.Combine(root, "blocks"), layout);
        Store = new IpfsStore(_blocks, new LiteDbPinStore(_database), TimeProvider.System);
    }

    public IpfsStore Store { get; }

    public void Dispose()
    {
        _blocks.Dispose();
        _database.Dispose();
    }
}
