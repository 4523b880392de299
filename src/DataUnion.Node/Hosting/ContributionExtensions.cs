using DataUnion.Node.Contributions;
using DataUnion.Storage;
using DataUnion.Storage.Contributions;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Hosting;

/// <summary>Registers contributions (the store, the service, the licence, the attribute vocabulary, statistics and the sweeper of expired uploads), the dataset versions built from them, and their fairness figures.</summary>
public static class ContributionExtensions
{
    /// <summary>Adds contributions; <paramref name="options"/> are the validated settings.</summary>
    public static WebApplicationBuilder AddContributions(this WebApplicationBuilder builder, ContributionOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        // Read now, so a missing or empty licence file stops the start with its reason.
        var licence = ContributorLicence.From(options);
        builder.Services.AddOptions<ContributionOptions>().BindConfiguration(ContributionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ImageLimits>().BindConfiguration(ImageLimits.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(licence);
        builder.Services.AddSingleton(services => new AttributeVocabulary(services.GetRequiredService<IOptions<ContributionOptions>>().Value.Attributes));
        builder.Services.AddSingleton(services => new LiteDbContributionStore(services.GetRequiredService<NodeDatabase>()));
        builder.Services.AddSingleton(services => new Storage.Shares.LiteDbSharesTrees(services.GetRequiredService<NodeDatabase>()));
        builder.Services.AddSingleton<ContributionService>();
        builder.Services.AddSingleton<ContributionStatistics>();
        builder.Services.AddHostedService<ContributionSweeper>();
        builder.Services.AddSingleton(services => new Storage.Versions.LiteDbVersionStore(services.GetRequiredService<NodeDatabase>()));
        builder.Services.AddOptions<Fairness.FairnessOptions>().BindConfiguration(Fairness.FairnessOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<Fairness.FairnessOptions>, Fairness.FairnessOptionsValidator>();
        builder.Services.AddSingleton<Fairness.FairnessPolicy>();
        builder.Services.AddSingleton<Fairness.FairnessEvaluator>();
        builder.Services.AddSingleton<Versions.VersionService>();
        builder.Services.AddSingleton<Apis.Gateway.PublicContent>();
        builder.Services.AddOptions<Versions.RelayOptions>().BindConfiguration(Versions.RelayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Versions.ClaimRelay>();
        return builder;
    }
}
