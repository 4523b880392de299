using DataUnion.Storage;

namespace DataUnion.Node.Hosting;

/// <summary>Registers the node's database.</summary>
public static class StorageExtensions
{
    /// <summary>
    /// Opens the LiteDB file once for the whole process (the container disposes it on shutdown,
    /// which checkpoints it).
    /// </summary>
    public static WebApplicationBuilder AddNodeStorage(this WebApplicationBuilder builder, DataDirectory dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        builder.Services.AddSingleton(services =>
            NodeDatabase.Open(dataDirectory.DatabaseFile, services.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
