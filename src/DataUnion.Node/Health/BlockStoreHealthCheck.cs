using DataUnion.Ipfs.Blocks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataUnion.Node.Health;

/// <summary>Ready when a probe file can be written to and read back from the block store directory.</summary>
internal sealed class BlockStoreHealthCheck(IBlockStore blocks) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(blocks.Probe() is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy("writable"));
}
