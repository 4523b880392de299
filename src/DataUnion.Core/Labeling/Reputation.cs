namespace DataUnion.Core.Labeling;

/// <summary>
/// A labeler's reputation in one domain, from two decayed, Bayes-smoothed records: gold accuracy
/// (passed gold answers) and agreement with the consensus (the agreement score of each counted
/// answer on a finished image). Gold is ground truth and weighs twice as much; a labeler without
/// finished images is judged on gold alone.
/// </summary>
/// <param name="Gold">Gold answers: passed counts 1, failed 0.</param>
/// <param name="Agreement">Agreement scores (F1 × IoU against the consensus) of finished images.</param>
public sealed record Reputation(GoldAccuracy Gold, GoldAccuracy Agreement)
{
    /// <summary>Weight of gold accuracy against agreement. Default 2.</summary>
    public const double GoldWeight = 2;

    /// <summary>A labeler new to the domain: one half on both counts.</summary>
    public static Reputation New(DateTimeOffset at) => new(GoldAccuracy.None(at), GoldAccuracy.None(at));

    /// <summary>The reputation, 0 to 1.</summary>
    public double Value => Agreement.Answers == 0
        ? Gold.Accuracy
        : ((GoldWeight * Gold.Accuracy) + Agreement.Accuracy) / (GoldWeight + 1);

    /// <summary>The reputation after a graded gold answer.</summary>
    public Reputation WithGold(bool passed, DateTimeOffset at, TimeSpan halfLife) => this with { Gold = Gold.With(passed, at, halfLife) };

    /// <summary>The reputation after an answer on a finished image agreed with its consensus by <paramref name="score"/>.</summary>
    public Reputation WithAgreement(double score, DateTimeOffset at, TimeSpan halfLife) =>
        this with { Agreement = Agreement.With(Math.Clamp(score, 0, 1), at, halfLife) };
}
