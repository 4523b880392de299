namespace DataUnion.Core.Labeling;

/// <summary>How the labeling engine hands out work and weighs labelers, across all domains.</summary>
public sealed record LabelingOptions
{
    /// <summary>Items in a bundle for a qualified labeler, gold included. Default 10.</summary>
    public int BundleSize { get; init; } = 10;

    /// <summary>How long a labeler has to answer a bundle; a later answer is refused. Default 30 minutes.</summary>
    public TimeSpan BundleTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Half-life of gold and agreement records: older answers count less. Default 30 days.</summary>
    public TimeSpan ReputationHalfLife { get; init; } = TimeSpan.FromDays(30);

    /// <summary>A gold item with at least this many answers is retired when too few pass. Default 10.</summary>
    public int GoldRetireAfter { get; init; } = 10;

    /// <summary>Pass rate below which a much-answered gold item is retired (its expert boxes are probably wrong). Default 0.3.</summary>
    public double GoldRetireBelowPassRate { get; init; } = 0.3;

    /// <summary>Suspensions and bans.</summary>
    public SanctionPolicy Sanctions { get; init; } = new();

    /// <summary>Voting power from reputation and stake.</summary>
    public VotingPower VotingPower { get; init; } = new();

    /// <summary>How strongly the crowd's skill holds a labeler with few answers in the crowd model.</summary>
    public SkillPriors SkillPriors { get; init; } = new();

    /// <summary>Everything wrong with the settings; empty when usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>(Sanctions.Problems());
        if (BundleSize < 2)
        {
            problems.Add($"a bundle needs at least 2 items (one gold, one real), got {BundleSize}");
        }

        if (BundleTimeout <= TimeSpan.Zero || ReputationHalfLife <= TimeSpan.Zero || BundleTimeout > LabelingDomain.MaxDuration || ReputationHalfLife > LabelingDomain.MaxDuration)
        {
            problems.Add($"the bundle timeout and the reputation half-life must be between 0 and {LabelingDomain.MaxDuration.TotalDays:0} days, got {BundleTimeout} and {ReputationHalfLife}");
        }

        if (GoldRetireAfter < 1 || !(GoldRetireBelowPassRate >= 0 && GoldRetireBelowPassRate < 1))
        {
            problems.Add($"gold retirement needs at least 1 answer and a pass rate in [0, 1), got {GoldRetireAfter} and {GoldRetireBelowPassRate}");
        }

        return problems;
    }
}
