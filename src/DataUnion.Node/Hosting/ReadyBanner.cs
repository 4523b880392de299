using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DataUnion.Node.Hosting;

/// <summary>Says, once the node listens, where it is and where the operator token lives.</summary>
internal static partial class ReadyBanner
{
    public static WebApplication LogWhenListening(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var dataDirectory = app.Services.GetRequiredService<DataDirectory>();
            foreach (var address in addresses)
            {
                LogReady(app.Logger, address, dataDirectory.Root);
            }
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "DataUnionNode ready at {Url} (health: {Url}/health/ready, API description: {Url}/openapi/v1.json; data directory {DataDirectory})")]
    private static partial void LogReady(ILogger logger, string url, string dataDirectory);
}
