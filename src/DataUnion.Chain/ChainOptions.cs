using System.ComponentModel.DataAnnotations;

namespace DataUnion.Chain;

/// <summary>Settings of the <c>Chain</c> configuration section.</summary>
public sealed class ChainOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Chain";

    /// <summary>
    /// JSON-RPC endpoint of an existing chain (a testnet, say). Empty (the default) starts a
    /// local Hardhat node and deploys the contracts to it.
    /// </summary>
    public string? RpcUrl { get; set; }

    /// <summary>Deployment record of the contracts on <see cref="RpcUrl"/>. Required with <see cref="RpcUrl"/>.</summary>
    public string? DeploymentRecordPath { get; set; }

    /// <summary>Time allowed for one JSON-RPC call. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00", ErrorMessage = "Chain:RpcTimeout must be between 100 ms and 10 minutes")]
    public TimeSpan RpcTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Tries per JSON-RPC call of the outbox and the indexer before it counts as failed. Default 4.</summary>
    [Range(1, 20, ErrorMessage = "Chain:RpcAttempts must be between 1 and 20")]
    public int RpcAttempts { get; set; } = 4;

    /// <summary>Wait before the second try of a failed JSON-RPC call; doubles per try. Default 250 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Chain:RpcRetryDelay must be between 0 and 1 minute")]
    public TimeSpan RpcRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The local chain used when <see cref="RpcUrl"/> is empty.</summary>
    public LocalChainOptions LocalNode { get; set; } = new();

    /// <summary>True when no RPC URL is configured and the node runs its own chain.</summary>
    public bool UsesLocalChain => string.IsNullOrWhiteSpace(RpcUrl);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesLocalChain)
        {
            if (LocalNode.Port is < 0 or > 65535)
            {
                yield return new ValidationResult(
                    $"Chain:LocalNode:Port must be 0 (any free port) or 1-65535, got {LocalNode.Port}", [nameof(LocalNode)]);
            }

            if (LocalNode.StartupTimeout <= TimeSpan.Zero)
            {
                yield return new ValidationResult("Chain:LocalNode:StartupTimeout must be positive", [nameof(LocalNode)]);
            }

            yield break;
        }

        if (!Uri.TryCreate(RpcUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult(
                $"Chain:RpcUrl must be an absolute http or https URL, got '{RpcEndpoint.Redact(RpcUrl)}'", [nameof(RpcUrl)]);
        }

        if (string.IsNullOrWhiteSpace(DeploymentRecordPath))
        {
            yield return new ValidationResult(
                "Chain:DeploymentRecordPath is required when Chain:RpcUrl is set: it names the contracts to use on that chain",
                [nameof(DeploymentRecordPath)]);
        }
    }
}
