namespace DataUnion.Core.Labeling;

/// <summary>How boxes are matched and how much support an object needs.</summary>
public sealed record ConsensusOptions
{
    /// <summary>IoU at which two boxes are the same object, for classes without their own. Default 0.5.</summary>
    public double DefaultIoUThreshold { get; init; } = 0.5;

    /// <summary>IoU thresholds per class (a small lesion wants less than a car).</summary>
    public IReadOnlyDictionary<string, double> IoUThresholds { get; init; } = new Dictionary<string, double>();

    /// <summary>An object needs more than this share of the voting power of everyone who answered. Default 0.5: a weighted majority.</summary>
    public double Quorum { get; init; } = 0.5;

    /// <summary>The IoU threshold for <paramref name="label"/>.</summary>
    public double ThresholdFor(string label) => IoUThresholds.TryGetValue(label, out var t) ? t : DefaultIoUThreshold;
}
