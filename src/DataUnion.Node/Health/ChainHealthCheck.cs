using DataUnion.Chain.Connection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataUnion.Node.Health;

/// <summary>Ready when the verified chain answers <c>eth_blockNumber</c>.</summary>
internal sealed class ChainHealthCheck(ChainConnection chain) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await chain.PingAsync(cancellationToken).ConfigureAwait(false) is { } problem
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy($"chain id {chain.Deployment.ChainId} at {chain.RedactedRpcUrl}");
}
