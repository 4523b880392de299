using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Store;
using DataUnion.Storage;
using DataUnion.Storage.Pins;

namespace DataUnion.Node.Hosting;

/// <summary>Registers the embedded IPFS store: blocks on disk, pins in LiteDB, one GC lock.</summary>
public static class IpfsExtensions
{
    /// <summary>Adds <see cref="FileBlockStore"/>, the pin store and <see cref="IpfsStore"/>.</summary>
    public static WebApplicationBuilder AddIpfsStore(this WebApplicationBuilder builder, DataDirectory dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        builder.Services.AddOptions<IpfsOptions>().BindConfiguration(IpfsOptions.SectionName);
        var blocks = new FileBlockStore(dataDirectory.BlocksDirectory);
        // Nothing writes yet: leftovers of an add a crash interrupted can go before anything is served.
        blocks.RemoveTemporaryFiles();
        builder.Services.AddSingleton(blocks);
        builder.Services.AddSingleton<IPinStore>(services => new LiteDbPinStore(services.GetRequiredService<NodeDatabase>()));
        builder.Services.AddSingleton<IpfsStore>();
        return builder;
    }
}
