namespace DataUnion.Core.Labeling;

/// <summary>
/// When a labeler is suspended or banned. Nobody is judged on gold before
/// <see cref="MinGoldAnswers"/> answers; sustained low gold accuracy suspends; answers too fast to
/// be real and duplicate submissions are strikes, and enough strikes suspend; enough suspensions ban.
/// </summary>
public sealed record SanctionPolicy
{
    /// <summary>Gold answers before low accuracy can suspend anyone. Default 3 (never fewer).</summary>
    public int MinGoldAnswers { get; init; } = 3;

    /// <summary>Smoothed gold accuracy below which a qualified labeler is suspended. Default 0.4.</summary>
    public double SuspendBelowGoldAccuracy { get; init; } = 0.4;

    /// <summary>Fewest seconds a real answer takes per item of a bundle. Default 2.</summary>
    public double MinSecondsPerItem { get; init; } = 2;

    /// <summary>Strikes (too-fast or duplicate submissions) that make a suspension. Default 3.</summary>
    public int StrikesPerSuspension { get; init; } = 3;

    /// <summary>How long a suspension lasts. Default 1 day.</summary>
    public TimeSpan SuspensionLength { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Suspensions after which the labeler is banned from the domain. Default 3.</summary>
    public int BanAfterSuspensions { get; init; } = 3;

    /// <summary>Everything wrong with the settings; empty when usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MinGoldAnswers < 3)
        {
            problems.Add($"nobody may be judged on fewer than 3 gold answers, got {MinGoldAnswers}");
        }

        if (!(SuspendBelowGoldAccuracy >= 0 && SuspendBelowGoldAccuracy < 1))
        {
            problems.Add($"the gold accuracy that suspends must be at least 0 and below 1, got {SuspendBelowGoldAccuracy}");
        }

        if (!(MinSecondsPerItem >= 0 && double.IsFinite(MinSecondsPerItem)))
        {
            problems.Add($"the fewest seconds per item must be 0 or more, got {MinSecondsPerItem}");
        }

        if (StrikesPerSuspension < 1 || BanAfterSuspensions < 1 || SuspensionLength <= TimeSpan.Zero || SuspensionLength > LabelingDomain.MaxDuration)
        {
            problems.Add($"strikes per suspension and suspensions before a ban must be positive, and a suspension between 0 and {LabelingDomain.MaxDuration.TotalDays:0} days, got {StrikesPerSuspension}, {BanAfterSuspensions} and {SuspensionLength}");
        }

        return problems;
    }
}
