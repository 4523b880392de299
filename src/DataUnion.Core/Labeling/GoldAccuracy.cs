namespace DataUnion.Core.Labeling;

/// <summary>
/// A labeler's gold record, decayed over time: each older answer counts
/// 2^(-age / half-life). Accuracy is Bayes-smoothed, (K + correct) / (2K + total), so a
/// newcomer starts at one half and one lucky answer does not make an expert.
/// </summary>
/// <param name="Correct">Decayed count of passed gold answers.</param>
/// <param name="Total">Decayed count of gold answers.</param>
/// <param name="Answers">Undecayed number of gold answers (for "at least 3 before any ban").</param>
/// <param name="At">When the counts were last decayed.</param>
public sealed record GoldAccuracy(double Correct, double Total, int Answers, DateTimeOffset At)
{
    /// <summary>Smoothing strength K. Default 2.</summary>
    public const double Smoothing = 2;

    /// <summary>A labeler with no gold answers yet.</summary>
    public static GoldAccuracy None(DateTimeOffset at) => new(0, 0, 0, at);

    /// <summary>The smoothed accuracy, 0 to 1.</summary>
    public double Accuracy => (Smoothing + Correct) / ((2 * Smoothing) + Total);

    /// <summary>The record after one more gold answer at <paramref name="at"/>.</summary>
    public GoldAccuracy With(bool passed, DateTimeOffset at, TimeSpan halfLife) => With(passed ? 1 : 0, at, halfLife);

    /// <summary>
    /// The record after one more graded answer worth <paramref name="credit"/> (0 to 1) at
    /// <paramref name="at"/>. Agreement with the consensus is kept the same way, with the answer's
    /// agreement score as the credit.
    /// </summary>
    public GoldAccuracy With(double credit, DateTimeOffset at, TimeSpan halfLife)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(credit, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(credit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(halfLife, TimeSpan.Zero);
        var decay = at > At ? Math.Pow(2, -(at - At).TotalSeconds / halfLife.TotalSeconds) : 1;
        return new GoldAccuracy((Correct * decay) + credit, (Total * decay) + 1, Answers + 1, at > At ? at : At);
    }
}
