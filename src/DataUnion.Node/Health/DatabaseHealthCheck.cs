using DataUnion.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataUnion.Node.Health;

/// <summary>Ready when the LiteDB file answers a read of its schema document.</summary>
internal sealed class DatabaseHealthCheck(NodeDatabase database) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return Task.FromResult(database.Ping()
                ? HealthCheckResult.Healthy($"schema version {database.SchemaVersion}")
                : HealthCheckResult.Unhealthy("the schema document is missing"));
        }
        catch (Exception ex) when (ex is LiteDB.LiteException or IOException or ObjectDisposedException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"the database cannot be read: {ex.Message}"));
        }
    }
}
