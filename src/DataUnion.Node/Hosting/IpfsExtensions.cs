using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Store;
using DataUnion.Storage;
using DataUnion.Storage.Pins;

namespace DataUnion.Node.Hosting;

/// <summary>Registers the embedded IPFS store: blocks on disk, pins in LiteDB, one GC lock.</summary>
public static class IpfsExtensions
{
    /// <summary>Adds the <see cref="IBlockStore"/>, the pin store and <see cref="IpfsStore"/>.</summary>
    public static WebApplicationBuilder AddIpfsStore(this WebApplicationBuilder builder, DataDirectory dataDirectory, IpfsOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        ArgumentNullException.ThrowIfNull(options);
        builder.Services.AddOptions<IpfsOptions>().BindConfiguration(IpfsOptions.SectionName);
        IBlockStore blocks;
        try
        {
            blocks = BlockStores.Open(dataDirectory.BlocksDirectory, options.BlockLayout);
        }
        catch (BlockStoreException ex)
        {
            throw new NodeStartupException($"the block store cannot be opened: {ex.Message}", ex);
        }

        // Nothing writes yet: leftovers of an add a crash interrupted can go before anything is served.
        blocks.RemoveTemporaryFiles();
        // Through a factory, so the container disposes it (closing the pack files and the index) on shutdown.
        builder.Services.AddSingleton(_ => blocks);
        builder.Services.AddSingleton<IPinStore>(services => new LiteDbPinStore(services.GetRequiredService<NodeDatabase>()));
        builder.Services.AddSingleton<IpfsStore>();
        return builder;
    }
}
