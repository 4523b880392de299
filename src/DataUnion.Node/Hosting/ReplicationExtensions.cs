using DataUnion.Node.Replication;
using DataUnion.Storage;
using DataUnion.Storage.Pins;
using DataUnion.Storage.Replication;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Hosting;

/// <summary>Registers pin replication to remote services and the Pinning Services API queue.</summary>
public static class ReplicationExtensions
{
    /// <summary>Adds the durable queues and their two background workers.</summary>
    public static WebApplicationBuilder AddReplication(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ReplicationOptions>()
            .BindConfiguration(ReplicationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(services => new LiteDbReplicationQueue(services.GetRequiredService<NodeDatabase>()));
        builder.Services.AddSingleton(services => new LiteDbPinRequestStore(services.GetRequiredService<NodeDatabase>()));
        builder.Services.AddHttpClient(nameof(ReplicationWorker), http => http.Timeout = TimeSpan.FromMinutes(30));
        // Origins come from whoever asked for the pin: each connection is checked against
        // OriginAddresses after DNS, redirects are not followed (each hop would skip the check),
        // and no proxy from the environment is used.
        builder.Services.AddHttpClient(nameof(PinRequestWorker), http => http.Timeout = TimeSpan.FromMinutes(30))
            .ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                // A proxy would make the connection, so the address check above would see only it.
                UseProxy = false,
                ConnectCallback = services.GetRequiredService<IOptions<ReplicationOptions>>().Value.AllowPrivateOrigins ? null : OriginAddresses.ConnectPublicAsync,
            });
        builder.Services.AddHostedService<ReplicationWorker>();
        builder.Services.AddHostedService<PinRequestWorker>();
        return builder;
    }
}
