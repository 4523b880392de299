using System.ComponentModel.DataAnnotations;
using System.Globalization;
using DataUnion.Core.Labeling;

namespace DataUnion.Node.Labeling;

/// <summary>Settings of the <c>Labeling</c> section: bundles, reputation, sanctions and voting power.</summary>
public sealed class LabelingSettings : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Labeling";

    /// <summary>Items in a qualified labeler's bundle, gold included. Default 10.</summary>
    public int BundleSize { get; set; } = 10;

    /// <summary>Time to answer a bundle. Default 30 minutes.</summary>
    public TimeSpan BundleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Half-life of gold and agreement records. Default 30 days.</summary>
    public TimeSpan ReputationHalfLife { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Fewest seconds a real answer takes per item. Default 2.</summary>
    public double MinSecondsPerItem { get; set; } = 2;

    /// <summary>Smoothed gold accuracy below which a qualified labeler is suspended (after 3 gold answers). Default 0.4.</summary>
    public double SuspendBelowGoldAccuracy { get; set; } = 0.4;

    /// <summary>Length of a suspension. Default 1 day.</summary>
    public TimeSpan SuspensionLength { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Strikes (too fast, duplicate) per suspension. Default 3.</summary>
    public int StrikesPerSuspension { get; set; } = 3;

    /// <summary>Suspensions before a ban. Default 3.</summary>
    public int BanAfterSuspensions { get; set; } = 3;

    /// <summary>Stake in token base units (decimal text) that doubles a vote. Default one token, 10^18.</summary>
    public string StakeUnit { get; set; } = "1000000000000000000";

    /// <summary>Highest stake multiplier. Default 3.</summary>
    public double StakeCap { get; set; } = 3;

    /// <summary>The engine's options.</summary>
    public LabelingOptions ToOptions() => new()
    {
        BundleSize = BundleSize,
        BundleTimeout = BundleTimeout,
        ReputationHalfLife = ReputationHalfLife,
        Sanctions = new SanctionPolicy
        {
            MinSecondsPerItem = MinSecondsPerItem,
            SuspendBelowGoldAccuracy = SuspendBelowGoldAccuracy,
            SuspensionLength = SuspensionLength,
            StrikesPerSuspension = StrikesPerSuspension,
            BanAfterSuspensions = BanAfterSuspensions,
        },
        VotingPower = new VotingPower
        {
            StakeUnit = double.TryParse(StakeUnit, NumberStyles.None, CultureInfo.InvariantCulture, out var unit) ? unit : double.NaN,
            StakeCap = StakeCap,
        },
    };

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!double.TryParse(StakeUnit, NumberStyles.None, CultureInfo.InvariantCulture, out var unit) || unit <= 0)
        {
            yield return new ValidationResult($"Labeling:StakeUnit must be a positive whole number of token base units, got '{StakeUnit}'");
        }

        if (!(StakeCap >= 1 && double.IsFinite(StakeCap)))
        {
            yield return new ValidationResult($"Labeling:StakeCap must be at least 1, got {StakeCap}");
        }

        foreach (var problem in ToOptions().Problems())
        {
            yield return new ValidationResult($"Labeling: {problem}");
        }
    }
}
