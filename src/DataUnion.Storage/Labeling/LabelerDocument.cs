using DataUnion.Core.Labeling;

namespace DataUnion.Storage.Labeling;

/// <summary>A labeler's record in one domain (collection <c>labeling_labelers</c>, id <c>domain/labeler</c>).</summary>
internal sealed class LabelerDocument
{
    public string Id { get; set; } = "";

    public string Domain { get; set; } = "";

    public string Labeler { get; set; } = "";

    public string QualificationState { get; set; } = nameof(Core.Labeling.QualificationState.Qualifying);

    public int QualificationMatched { get; set; }

    public int QualificationExtra { get; set; }

    public int QualificationMissed { get; set; }

    public double QualificationMeanIoU { get; set; } = 1;

    public int QualificationAnswers { get; set; }

    private DateTime? _lockedUntil;

    public DateTime? LockedUntil { get => _lockedUntil; set => _lockedUntil = StoredTime.Utc(value); }

    public ScoreDocument Gold { get; set; } = new();

    public ScoreDocument Agreement { get; set; } = new();

    public string Standing { get; set; } = nameof(StandingState.Active);

    private DateTime? _suspendedUntil;

    public DateTime? SuspendedUntil { get => _suspendedUntil; set => _suspendedUntil = StoredTime.Utc(value); }

    public string? Reason { get; set; }

    public int Strikes { get; set; }

    public int Suspensions { get; set; }

    public int Counted { get; set; }

    /// <summary>The crowd model's evidence of their skill (<see cref="SkillEvidence.ToArray"/>); empty for none.</summary>
    public List<double> Skill { get; set; } = [];

    public SkillEvidence SkillEvidence() => Core.Labeling.SkillEvidence.FromArray(Skill);

    public void Set(SkillEvidence evidence) => Skill = [.. evidence.ToArray()];

    public static string Key(string domain, string labeler) => $"{domain}/{labeler}";

    public Qualification Qualification => new(
        Enum.Parse<QualificationState>(QualificationState),
        new ObjectMatch(QualificationMatched, QualificationExtra, QualificationMissed, QualificationMeanIoU),
        QualificationAnswers,
        StoredTime.Offset(LockedUntil));

    public Reputation Reputation => new(Gold.ToAccuracy(), Agreement.ToAccuracy());

    public Standing StandingRecord => new(Enum.Parse<StandingState>(Standing), StoredTime.Offset(SuspendedUntil), Reason, Strikes, Suspensions);

    public void Set(Qualification q)
    {
        QualificationState = q.State.ToString();
        (QualificationMatched, QualificationExtra, QualificationMissed, QualificationMeanIoU) = (q.Match.Matched, q.Match.Extra, q.Match.Missed, q.Match.MeanIoU);
        QualificationAnswers = q.Answers;
        LockedUntil = q.LockedUntil?.UtcDateTime;
    }

    public void Set(Reputation r)
    {
        Gold = ScoreDocument.From(r.Gold);
        Agreement = ScoreDocument.From(r.Agreement);
    }

    public void Set(Standing s)
    {
        Standing = s.State.ToString();
        SuspendedUntil = s.Until?.UtcDateTime;
        Reason = s.Reason;
        Strikes = s.Strikes;
        Suspensions = s.Suspensions;
    }
}

/// <summary>A decayed, smoothed record as stored.</summary>
internal sealed class ScoreDocument
{
    public double Correct { get; set; }

    public double Total { get; set; }

    public int Answers { get; set; }

    private DateTime _at = DateTime.UnixEpoch;

    public DateTime At { get => _at; set => _at = StoredTime.Utc(value); }

    public static ScoreDocument From(GoldAccuracy a) => new() { Correct = a.Correct, Total = a.Total, Answers = a.Answers, At = a.At.UtcDateTime };

    public GoldAccuracy ToAccuracy() => new(Correct, Total, Answers, StoredTime.Offset(At));
}
