namespace DataUnion.Core.Labeling;

/// <summary>
/// How strongly the crowd's skill holds an individual labeler's estimate, in pseudo-counts: the
/// crowd's figure counts as that many answers of the labeler's own. Defaults suit a domain of any
/// kind of object; they are not tuned to one data set.
/// </summary>
public sealed record SkillPriors
{
    /// <summary>No rate is ever taken as certain: rates stay within [this, 1 − this].</summary>
    public const double MinRate = 0.01;

    /// <summary>Pseudo-counts for the miss and false-box rates. Default 4.</summary>
    public double Rates { get; init; } = 4;

    /// <summary>Pseudo-edges for the edge noise. Default 4.</summary>
    public double Noise { get; init; } = 4;

    /// <summary>Pseudo-edges for the edge bias. Default 8: a bias must show on a few boxes before it is corrected.</summary>
    public double Bias { get; init; } = 8;

    /// <summary>Smallest edge noise, as a fraction of the object's size. Default 0.02: nobody's boxes are exact.</summary>
    public double MinNoise { get; init; } = 0.02;

    /// <summary>Pseudo-candidates for the share of candidates that are objects, the share of hard objects and their visibility. Default 2.</summary>
    public double ObjectPrior { get; init; } = 2;

    /// <summary>Share of real objects assumed hard to see before any evidence. Default 0.2.</summary>
    public double HardShare { get; init; } = 0.2;

    /// <summary>Visibility of hard objects assumed before any evidence. Default 0.5: half as likely to be boxed.</summary>
    public double HardVisibility { get; init; } = 0.5;
}
