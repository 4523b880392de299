using System.Text.Json;
using DataUnion.Node.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataUnion.Node.Health;

/// <summary>
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (database, block store and
/// chain usable). Both are anonymous: they reveal states, not data.
/// </summary>
public static class HealthApi
{
    private const string ReadyTag = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Registers the readiness checks.</summary>
    public static WebApplicationBuilder AddNodeHealthChecks(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<BlockStoreHealthCheck>("blockstore", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<ChainHealthCheck>("chain", tags: [ReadyTag], timeout: CheckTimeout);
        return builder;
    }

    /// <summary>Maps the two endpoints; unhealthy answers 503.</summary>
    public static WebApplication MapHealthApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .ForPublic();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .ForPublic();
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
