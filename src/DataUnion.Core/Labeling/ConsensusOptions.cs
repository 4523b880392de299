namespace DataUnion.Core.Labeling;

/// <summary>How boxes are matched and how much support an object needs.</summary>
public sealed record ConsensusOptions
{
    /// <summary>IoU at which two boxes are the same object, for classes without their own. Default 0.5.</summary>
    public double DefaultIoUThreshold { get; init; } = 0.5;

    /// <summary>IoU thresholds per class (a small lesion wants less than a car).</summary>
    public IReadOnlyDictionary<string, double> IoUThresholds { get; init; } = new Dictionary<string, double>();

    /// <summary>An object needs a posterior (the crowd model's probability that it is real) above this. Default 0.5.</summary>
    public double Quorum { get; init; } = 0.5;

    /// <summary>
    /// An object also needs at least this share of the voting power of everyone who answered
    /// behind it. Default 0.35. The crowd model may keep an object few labelers saw when they are
    /// reliable, but never one that only labelers with little voting power (who fail gold) drew,
    /// however consistently they draw it.
    /// </summary>
    public double MinSupport { get; init; } = 0.35;

    /// <summary>The IoU threshold for <paramref name="label"/>.</summary>
    public double ThresholdFor(string label) => IoUThresholds.TryGetValue(label, out var t) ? t : DefaultIoUThreshold;
}
