using DataUnion.Ipfs.Blocks;
using DataUnion.Storage;

namespace DataUnion.Node.Hosting;

/// <summary>Registers the node's database and block store directory.</summary>
public static class StorageExtensions
{
    /// <summary>
    /// Opens the LiteDB file once for the whole process (the container disposes it on shutdown,
    /// which checkpoints it) and opens the block store.
    /// </summary>
    public static WebApplicationBuilder AddNodeStorage(this WebApplicationBuilder builder, DataDirectory dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        builder.Services.AddSingleton(services =>
            NodeDatabase.Open(dataDirectory.DatabaseFile, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(new FileBlockStore(dataDirectory.BlocksDirectory));
        return builder;
    }
}
