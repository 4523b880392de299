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
        builder.Services.AddSingleton(new FileBlockStore(dataDirectory.BlocksDirectory));
        builder.Services.AddSingleton<IPinStore>(services => new LiteDbPinStore(services.GetRequiredService<NodeDatabase>()));
        builder.Services.AddSingleton<IpfsStore>();
        return builder;
    }
}
