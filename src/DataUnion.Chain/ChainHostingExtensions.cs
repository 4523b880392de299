using DataUnion.Chain.Connection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataUnion.Chain;

/// <summary>Registers the chain layer on a host.</summary>
public static class ChainHostingExtensions
{
    /// <summary>
    /// Binds and validates <c>Chain</c> settings, and brings the chain up (local or remote) when
    /// the host starts.
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
        builder.Services.AddSingleton(new ChainPaths(chainDirectory));
        builder.Services.AddSingleton<ChainConnection>();
        builder.Services.AddHostedService<ChainStartup>();
        return builder;
    }
}
