using DataUnion.Chain.Connection;
using DataUnion.Chain.Indexing;
using DataUnion.Chain.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataUnion.Chain;

/// <summary>Registers the chain layer on a host.</summary>
public static class ChainHostingExtensions
{
    /// <summary>
    /// Binds and validates the <c>Chain</c> settings; brings the chain up (local or remote) when
    /// the host starts; then runs the transaction outbox and the event indexer on
    /// the chain's own database in <paramref name="chainDirectory"/>. Needs a <see cref="TimeProvider"/> and, for the
    /// outbox, an <see cref="Wallets.OperatorKey"/> registered by the host.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="chainDirectory">Folder in the data directory for chain files.</param>
    public static IHostApplicationBuilder AddChain(this IHostApplicationBuilder builder, string chainDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ChainOptions>()
            .BindConfiguration(ChainOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<OutboxOptions>()
            .BindConfiguration(OutboxOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<IndexerOptions>()
            .BindConfiguration(IndexerOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(new ChainPaths(chainDirectory));
        builder.Services.AddSingleton<ChainConnection>();
        builder.Services.AddHostedService<ChainStartup>();
        // Singletons as well as hosted services, so the API can read their state.
        builder.Services.AddSingleton<OutboxService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<OutboxService>());
        builder.Services.AddSingleton<IndexerService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<IndexerService>());
        return builder;
    }
}
