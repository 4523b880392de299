using DataUnion.Chain.Indexing;
using DataUnion.Core.Labeling;
using DataUnion.Node.Labeling;
using DataUnion.Storage;
using DataUnion.Storage.Labeling;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Hosting;

/// <summary>Registers the labeling engine, its state in the node database and stakes from the chain indexer.</summary>
public static class LabelingExtensions
{
    /// <summary>Adds the <see cref="LabelingEngine"/>.</summary>
    public static WebApplicationBuilder AddLabeling(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<LabelingSettings>()
            .BindConfiguration(LabelingSettings.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IStakeSource, IndexedStakeSource>();
        builder.Services.AddSingleton(services => new LabelingEngine(
            services.GetRequiredService<NodeDatabase>(),
            services.GetRequiredService<IStakeSource>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<IOptions<LabelingSettings>>().Value.ToOptions()));
        return builder;
    }
}
