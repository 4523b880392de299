using System.ComponentModel.DataAnnotations;
using System.Numerics;

namespace DataUnion.Chain.Outbox;

/// <summary>Settings of the <c>Chain:Outbox</c> configuration section.</summary>
public sealed class OutboxOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Chain:Outbox";

    /// <summary>
    /// Blocks on top of (and including) the one that mined a transaction before its intent is done.
    /// Default: 1 on the local chain, 3 on any other.
    /// </summary>
    public int? Confirmations { get; set; }

    /// <summary>Highest EIP-1559 max fee per gas the node will ever sign, in gwei. Default 200.</summary>
    public decimal MaxFeePerGasGwei { get; set; } = 200m;

    /// <summary>Highest tip (max priority fee per gas) the node will sign, in gwei. Default 5.</summary>
    public decimal MaxPriorityFeePerGasGwei { get; set; } = 5m;

    /// <summary>Highest gas limit of one transaction. An intent that needs more fails. Default 5,000,000.</summary>
    [Range(21_000, 30_000_000, ErrorMessage = "Chain:Outbox:MaxGasPerTransaction must be between 21000 and 30000000")]
    public long MaxGasPerTransaction { get; set; } = 5_000_000;

    /// <summary>Percent added to the gas estimate. Default 20.</summary>
    [Range(0, 200, ErrorMessage = "Chain:Outbox:GasMarginPercent must be between 0 and 200")]
    public int GasMarginPercent { get; set; } = 20;

    /// <summary>A transaction not mined this long after it was signed gets bumped fees. Default 60 s.</summary>
    public TimeSpan ResendAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Percent the fees rise per bump; nodes refuse a replacement under 10 %. Default 15.</summary>
    [Range(10, 200, ErrorMessage = "Chain:Outbox:FeeBumpPercent must be between 10 and 200 (nodes refuse replacements under 10 %)")]
    public int FeeBumpPercent { get; set; } = 15;

    /// <summary>Most transactions in flight (sent, not yet mined) at once. Default 16.</summary>
    [Range(1, 1024, ErrorMessage = "Chain:Outbox:MaxInFlight must be between 1 and 1024")]
    public int MaxInFlight { get; set; } = 16;

    /// <summary>How often the outbox looks at the chain when idle. Default 2 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait between tries of an intent that keeps failing (exponential backoff). Default 5 minutes.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Send empty transactions to fill a nonce gap that blocks the outbox. Default true.</summary>
    public bool FillNonceGaps { get; set; } = true;

    /// <summary>The fee cap in wei.</summary>
    public BigInteger MaxFeePerGasWei => Gwei(MaxFeePerGasGwei);

    /// <summary>The tip cap in wei.</summary>
    public BigInteger MaxPriorityFeePerGasWei => Gwei(MaxPriorityFeePerGasGwei);

    /// <summary>The confirmations in force for a local or remote chain.</summary>
    public int ConfirmationsFor(bool localChain) => Confirmations ?? (localChain ? 1 : 3);

    /// <summary>Wei in <paramref name="gwei"/> gwei (fractions of a gwei kept to the wei).</summary>
    public static BigInteger Gwei(decimal gwei) => new(decimal.Truncate(gwei * 1_000_000_000m));

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Confirmations is < 1 or > 1000)
        {
            yield return new ValidationResult($"Chain:Outbox:Confirmations must be between 1 and 1000, got {Confirmations}", [nameof(Confirmations)]);
        }

        if (MaxFeePerGasGwei is <= 0 or > 1_000_000)
        {
            yield return new ValidationResult($"Chain:Outbox:MaxFeePerGasGwei must be above 0 and at most 1000000, got {MaxFeePerGasGwei}", [nameof(MaxFeePerGasGwei)]);
        }

        if (MaxPriorityFeePerGasGwei < 0 || MaxPriorityFeePerGasGwei > MaxFeePerGasGwei)
        {
            yield return new ValidationResult(
                $"Chain:Outbox:MaxPriorityFeePerGasGwei must be between 0 and Chain:Outbox:MaxFeePerGasGwei ({MaxFeePerGasGwei}), got {MaxPriorityFeePerGasGwei}",
                [nameof(MaxPriorityFeePerGasGwei)]);
        }

        foreach (var (name, value) in new[] { (nameof(ResendAfter), ResendAfter), (nameof(PollInterval), PollInterval), (nameof(MaxBackoff), MaxBackoff) })
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
            {
                yield return new ValidationResult($"Chain:Outbox:{name} must be positive and at most a day, got {value}", [name]);
            }
        }
    }
}
