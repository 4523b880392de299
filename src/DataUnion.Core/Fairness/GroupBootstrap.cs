namespace DataUnion.Core.Fairness;

/// <summary>Images divided into groups by one attribute, for the bootstrap.</summary>
/// <param name="Name">The attribute.</param>
/// <param name="Groups">The groups' names.</param>
/// <param name="GroupOfImage">Per image, in <see cref="DetectionMatches.ImageIds"/> order, the index of its group, or -1 for none reported.</param>
public sealed record ImageGrouping(string Name, IReadOnlyList<string> Groups, int[] GroupOfImage);

/// <summary>A percentile bootstrap interval.</summary>
/// <param name="Low">Lower end.</param>
/// <param name="High">Upper end.</param>
public readonly record struct Interval(double Low, double High);

/// <summary>Bootstrap intervals of one attribute's groups and of the gap between them.</summary>
/// <param name="Name">The attribute.</param>
/// <param name="Ap50">Per group, the interval of AP50 (null where too few resamples had its objects).</param>
/// <param name="Ap5095">Per group, the interval of AP50:95.</param>
/// <param name="Ap50Ratio">Worst group's AP50 over the best's.</param>
/// <param name="Ap50Difference">Best group's AP50 minus the worst's.</param>
/// <param name="Ap5095Ratio">The same ratio for AP50:95.</param>
/// <param name="Ap5095Difference">The same difference for AP50:95.</param>
public sealed record AttributeIntervals(
    string Name,
    IReadOnlyList<Interval?> Ap50,
    IReadOnlyList<Interval?> Ap5095,
    Interval? Ap50Ratio,
    Interval? Ap50Difference,
    Interval? Ap5095Ratio,
    Interval? Ap5095Difference);

/// <summary>What a bootstrap over the images gives.</summary>
/// <param name="Resamples">Resamples drawn.</param>
/// <param name="Seed">The seed they were drawn with.</param>
/// <param name="Level">The intervals' coverage (0.95).</param>
/// <param name="Blocks">Score blocks a category's curve is cut into at most (see <see cref="DetectionMatches.Bootstrap"/>).</param>
/// <param name="Attributes">Per attribute.</param>
public sealed record BootstrapIntervals(int Resamples, int Seed, double Level, int Blocks, IReadOnlyList<AttributeIntervals> Attributes);
