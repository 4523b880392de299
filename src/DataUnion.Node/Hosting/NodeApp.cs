using DataUnion.Chain;
using DataUnion.Chain.Wallets;
using DataUnion.Node.Apis;
using DataUnion.Node.Apis.Chain;
using DataUnion.Node.Apis.Contributions;
using DataUnion.Node.Apis.Gateway;
using DataUnion.Node.Apis.KuboRpc;
using DataUnion.Node.Apis.Labeling;
using DataUnion.Node.Apis.PinningService;
using DataUnion.Node.Apis.Versions;
using DataUnion.Node.Apis.Web;
using DataUnion.Node.Contributions;
using DataUnion.Node.Health;
using DataUnion.Node.Labeling;
using DataUnion.Node.Replication;
using DataUnion.Node.Security;
using Serilog;

namespace DataUnion.Node.Hosting;

/// <summary>Composes the daemon. <c>Program</c> runs it; integration tests start it on a free port.</summary>
public static class NodeApp
{
    /// <summary>Environment variables with this prefix override configuration (<c>DATAUNION_Http__Port=5081</c>).</summary>
    public const string EnvironmentPrefix = "DATAUNION_";

    /// <summary>Builds the node from <paramref name="args"/>, <c>appsettings.json</c> and the environment.</summary>
    /// <param name="args">Command line; <c>--Section:Key=value</c> overrides any setting.</param>
    /// <param name="contentRoot">Folder holding <c>appsettings.json</c>; default the program's folder.</param>
    /// <param name="environment">Reads environment variables that are never configuration (the
    /// development key, the keystore password); default the process environment.</param>
    public static WebApplication Build(string[] args, string? contentRoot = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = contentRoot ?? AppContext.BaseDirectory,
        });
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        builder.Configuration.AddCommandLine(args);

        HttpExtensions.RefuseGenericUrlSettings(builder.Configuration);
        // Everything is validated before the data directory is created or locked.
        var node = OptionsBinding.BindAndValidate<NodeOptions>(builder.Configuration, NodeOptions.SectionName);
        OptionsBinding.BindAndValidate<HttpOptions>(builder.Configuration, HttpOptions.SectionName);
        OptionsBinding.BindAndValidate<RateLimitOptions>(builder.Configuration, RateLimitOptions.SectionName);
        OptionsBinding.BindAndValidate<ReplicationOptions>(builder.Configuration, ReplicationOptions.SectionName);
        OptionsBinding.BindAndValidate<LabelingSettings>(builder.Configuration, LabelingSettings.SectionName);
        var contributions = OptionsBinding.BindAndValidate<ContributionOptions>(builder.Configuration, ContributionOptions.SectionName);
        OptionsBinding.BindAndValidate<ImageLimits>(builder.Configuration, ImageLimits.SectionName);
        var ipfs = OptionsBinding.BindAndValidate<IpfsOptions>(builder.Configuration, IpfsOptions.SectionName);
        var wallet = OptionsBinding.BindAndValidate<WalletOptions>(builder.Configuration, WalletOptions.SectionName);
        var chainOptions = OptionsBinding.BindAndValidate<ChainOptions>(builder.Configuration, ChainOptions.SectionName);
        var dataDirectory = DataDirectory.Open(node.DataDirectory, environment);
        try
        {
            // Registered through a factory so the container disposes it (releasing the lock) on shutdown.
            builder.Services.AddSingleton(_ => dataDirectory);
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = node.ShutdownTimeout);
            builder.AddNodeLogging(dataDirectory);
            builder.AddNodeStorage(dataDirectory);
            builder.AddIpfsStore(dataDirectory, ipfs);
            builder.AddReplication();
            builder.AddChain(dataDirectory.ChainDirectory);
            builder.AddLabeling();
            builder.AddContributions(contributions);
            builder.Services.AddSingleton(LoadOperatorKey(dataDirectory, wallet, chainOptions, environment));
            builder.AddNodeHttp(dataDirectory);
            builder.AddOperatorAuthentication();
            builder.AddNodeRateLimits();
            builder.AddNodeHealthChecks();

            var app = builder.Build();
            app.UseNodeHttp();
            app.MapHealthApi();
            app.MapOpenApi().ForPublic();
            app.MapNodeApi();
            app.MapStorageApi();
            app.MapAuthApi();
            app.MapOperatorSessionApi();
            app.MapChainApi();
            app.MapLabelingApi();
            app.MapContributionsApi();
            app.MapVersionsApi();
            app.MapFairnessApi();
            app.MapRelayApi();
            app.MapMemberApi();
            app.MapGatewayApi();
            app.MapKuboRpcApi();
            app.MapPinningServiceApi();
            app.MapAuditApi();
            app.MapWebApp();
            app.LogWhenListening();
            LogOperatorKey(app);
            if (dataDirectory.NarrowedAtStart > 0)
            {
                app.Logger.LogWarning("The data directory {Root} was readable by others: took group and other permissions off {Count} entries", dataDirectory.Root, dataDirectory.NarrowedAtStart);
            }

            return app;
        }
        catch
        {
            dataDirectory.Dispose();
            throw;
        }
    }

    private static void LogOperatorKey(WebApplication app)
    {
        var key = app.Services.GetRequiredService<OperatorKey>();
        switch (key.Source)
        {
            case OperatorKeySource.DevelopmentKey:
                app.Logger.LogWarning("Operator wallet {Address} from the plaintext development key {Variable}: for the local chain only", key.Address, OperatorKey.DevelopmentKeyVariable);
                break;
            case OperatorKeySource.Keystore:
                app.Logger.LogInformation("Operator wallet {Address} unlocked from the data directory's keystore", key.Address);
                break;
            default:
                app.Logger.LogInformation("No operator wallet: on-chain actions are disabled until one is created with 'dataunion wallet new' or 'dataunion wallet import'");
                break;
        }
    }

    private static OperatorKey LoadOperatorKey(DataDirectory dataDirectory, WalletOptions wallet, ChainOptions chain, Func<string, string?> environment)
    {
        try
        {
            return OperatorKey.Load(dataDirectory.KeystoreDirectory, wallet.PasswordFile, chain.UsesLocalChain, environment);
        }
        catch (WalletException ex)
        {
            throw new NodeStartupException($"the operator wallet cannot be loaded: {ex.Message}", ex);
        }
    }
}
