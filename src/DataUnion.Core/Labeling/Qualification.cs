namespace DataUnion.Core.Labeling;

/// <summary>
/// A labeler's qualification in one domain: their first <see cref="LabelingDomain.QualificationSize"/>
/// tasks are gold; then mean matched IoU, object precision and recall over all of them decide. A
/// failure locks the domain for the cooldown, after which the labeler qualifies afresh.
/// </summary>
/// <param name="State">Where they stand.</param>
/// <param name="Match">Their gold answers so far, added up.</param>
/// <param name="Answers">Gold answers in this attempt.</param>
/// <param name="LockedUntil">End of the cooldown when locked.</param>
public sealed record Qualification(QualificationState State, ObjectMatch Match, int Answers, DateTimeOffset? LockedUntil)
{
    /// <summary>A labeler new to the domain.</summary>
    public static Qualification Start { get; } = new(QualificationState.Qualifying, new ObjectMatch(0, 0, 0, 1), 0, null);

    /// <summary>The state at <paramref name="now"/>: a lock whose cooldown ended starts a new attempt.</summary>
    public Qualification At(DateTimeOffset now) =>
        State == QualificationState.Locked && LockedUntil <= now ? Start : this;

    /// <summary>The qualification after one more graded gold answer.</summary>
    /// <exception cref="InvalidOperationException">The labeler is locked out, or already qualified.</exception>
    public Qualification With(ObjectMatch grade, LabelingDomain domain, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grade);
        ArgumentNullException.ThrowIfNull(domain);
        var current = At(now);
        if (current.State != QualificationState.Qualifying)
        {
            throw new InvalidOperationException(current.State == QualificationState.Locked
                ? $"the labeler is locked out of domain '{domain.Name}' until {current.LockedUntil:u}"
                : $"the labeler already qualified in domain '{domain.Name}'");
        }

        var match = current.Answers == 0 ? grade : ObjectMatch.Sum([current.Match, grade]);
        var answers = current.Answers + 1;
        if (answers < domain.QualificationSize)
        {
            return new Qualification(QualificationState.Qualifying, match, answers, null);
        }

        return match.Passes(domain.PassMeanIoU, domain.PassPrecision, domain.PassRecall)
            ? new Qualification(QualificationState.Qualified, match, answers, null)
            : new Qualification(QualificationState.Locked, match, answers, now + domain.QualificationCooldown);
    }
}
