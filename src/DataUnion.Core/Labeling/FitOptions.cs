namespace DataUnion.Core.Labeling;

/// <summary>How <see cref="CrowdModel.Fit"/> learns.</summary>
public sealed record FitOptions
{
    /// <summary>The priors that hold a labeler with few answers near the crowd.</summary>
    public SkillPriors Priors { get; init; } = new();

    /// <summary>Most EM rounds. Default 10.</summary>
    public int MaxIterations { get; init; } = 10;

    /// <summary>EM stops when no rate, noise scale or bias moves by more than this. Default 0.005.</summary>
    public double Tolerance { get; init; } = 0.005;
}
