using DataUnion.Node.Replication;
using DataUnion.Storage;
using DataUnion.Storage.Pins;
using DataUnion.Storage.Replication;

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
        builder.Services.AddHttpClient(nameof(PinRequestWorker), http => http.Timeout = TimeSpan.FromMinutes(30));
        builder.Services.AddHostedService<ReplicationWorker>();
        builder.Services.AddHostedService<PinRequestWorker>();
        return builder;
    }
}
