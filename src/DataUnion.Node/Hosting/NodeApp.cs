using DataUnion.Chain;
using DataUnion.Node.Apis;
using DataUnion.Node.Apis.Gateway;
using DataUnion.Node.Apis.KuboRpc;
using DataUnion.Node.Apis.PinningService;
using DataUnion.Node.Health;
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
    public static WebApplication Build(string[] args, string? contentRoot = null)
    {
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
        OptionsBinding.BindAndValidate<ChainOptions>(builder.Configuration, ChainOptions.SectionName);
        OptionsBinding.BindAndValidate<ReplicationOptions>(builder.Configuration, ReplicationOptions.SectionName);
        var ipfs = OptionsBinding.BindAndValidate<IpfsOptions>(builder.Configuration, IpfsOptions.SectionName);
        var dataDirectory = DataDirectory.Open(node.DataDirectory);
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
            builder.AddNodeHttp(dataDirectory);
            builder.AddOperatorAuthentication();
            builder.AddNodeHealthChecks();

            var app = builder.Build();
            app.UseNodeHttp();
            app.MapHealthApi();
            app.MapOpenApi().AllowAnonymous();
            app.MapNodeApi();
            app.MapGatewayApi();
            app.MapKuboRpcApi();
            app.MapPinningServiceApi();
            app.LogWhenListening();
            return app;
        }
        catch
        {
            dataDirectory.Dispose();
            throw;
        }
    }
}
