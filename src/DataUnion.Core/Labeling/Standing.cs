namespace DataUnion.Core.Labeling;

/// <summary>
/// A labeler's standing in one domain: active, suspended until a time, or banned, with the reason
/// and the strikes and suspensions that led there.
/// </summary>
/// <param name="State">Active, suspended or banned.</param>
/// <param name="Until">End of a suspension.</param>
/// <param name="Reason">Why the labeler was last suspended or banned.</param>
/// <param name="Strikes">Strikes since the last suspension.</param>
/// <param name="Suspensions">Suspensions so far.</param>
public sealed record Standing(StandingState State, DateTimeOffset? Until, string? Reason, int Strikes, int Suspensions)
{
    /// <summary>A labeler in good standing with a clean record.</summary>
    public static Standing Clean { get; } = new(StandingState.Active, null, null, 0, 0);

    /// <summary>The standing at <paramref name="now"/>: a suspension that ended is lifted (the record stays).</summary>
    public Standing At(DateTimeOffset now) =>
        State == StandingState.Suspended && Until <= now ? this with { State = StandingState.Active, Until = null } : this;

    /// <summary>Why the labeler may not work at <paramref name="now"/>, or null when they may.</summary>
    public string? Refusal(DateTimeOffset now) => At(now) switch
    {
        { State: StandingState.Banned } s => $"banned from the domain: {s.Reason}",
        { State: StandingState.Suspended } s => $"suspended until {s.Until:u}: {s.Reason}",
        _ => null,
    };

    /// <summary>
    /// The standing after a strike (an answer too fast to be real, a duplicate submission). A
    /// labeler who is suspended or banned earns none: what they send then is refused anyway, and
    /// a burst of requests in the second after a suspension must not turn it into a ban.
    /// </summary>
    public Standing WithStrike(string reason, SanctionPolicy policy, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentNullException.ThrowIfNull(policy);
        var current = At(now);
        if (current.State != StandingState.Active)
        {
            return current;
        }

        var strikes = current.Strikes + 1;
        return strikes >= policy.StrikesPerSuspension
            ? current.Suspend($"{strikes} strikes, the last: {reason}", policy, now)
            : current with { Strikes = strikes, Reason = reason };
    }

    /// <summary>
    /// The standing after a graded gold answer: once the labeler has answered at least
    /// <see cref="SanctionPolicy.MinGoldAnswers"/> gold items, a failed answer that leaves the
    /// accuracy below the mark suspends. A passed answer never does, so a labeler back from a
    /// suspension can climb out.
    /// </summary>
    /// <param name="gold">The gold record including this answer.</param>
    /// <param name="passed">Whether this answer passed.</param>
    /// <param name="policy">The marks.</param>
    /// <param name="now">When the answer was graded.</param>
    public Standing AfterGold(GoldAccuracy gold, bool passed, SanctionPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(policy);
        var current = At(now);
        if (passed || current.State != StandingState.Active || gold.Answers < policy.MinGoldAnswers || gold.Accuracy >= policy.SuspendBelowGoldAccuracy)
        {
            return current;
        }

        return current.Suspend(
            $"gold accuracy {gold.Accuracy:0.00} after {gold.Answers} gold answers, below {policy.SuspendBelowGoldAccuracy:0.00}", policy, now);
    }

    /// <summary>
    /// The standing after the operator suspends the labeler until <paramref name="until"/>. It
    /// counts as a suspension like any other (enough of them ban); a banned labeler stays banned.
    /// </summary>
    public Standing SuspendedByOperator(string reason, DateTimeOffset until, SanctionPolicy policy, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentNullException.ThrowIfNull(policy);
        var current = At(now);
        if (current.State == StandingState.Banned)
        {
            return current;
        }

        var suspensions = current.Suspensions + (current.State == StandingState.Suspended ? 0 : 1);
        return suspensions >= policy.BanAfterSuspensions
            ? new Standing(StandingState.Banned, null, $"{suspensions} suspensions, the last by the operator: {reason}", 0, suspensions)
            : new Standing(StandingState.Suspended, until, $"suspended by the operator: {reason}", 0, suspensions);
    }

    /// <summary>
    /// The standing after the operator lifts a suspension they judge unwarranted: active again, the
    /// suspension no longer counted towards a ban, strikes cleared. A ban is final.
    /// </summary>
    /// <exception cref="InvalidOperationException">The labeler is banned.</exception>
    public Standing Lifted(DateTimeOffset now)
    {
        var current = At(now);
        return current.State switch
        {
            StandingState.Banned => throw new InvalidOperationException($"a ban is final ({current.Reason})"),
            StandingState.Suspended => new Standing(StandingState.Active, null, "suspension lifted by the operator", 0, Math.Max(0, current.Suspensions - 1)),
            _ => current,
        };
    }

    private Standing Suspend(string reason, SanctionPolicy policy, DateTimeOffset now)
    {
        var suspensions = Suspensions + 1;
        return suspensions >= policy.BanAfterSuspensions
            ? new Standing(StandingState.Banned, null, $"{suspensions} suspensions, the last for {reason}", 0, suspensions)
            : new Standing(StandingState.Suspended, now + policy.SuspensionLength, reason, 0, suspensions);
    }
}
