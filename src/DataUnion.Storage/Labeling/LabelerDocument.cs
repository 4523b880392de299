using DataUnion.Core.Labeling;
using LiteDB;

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

    public BsonDocument ToBson() => new()
    {
        ["_id"] = Id,
        ["Domain"] = Domain,
        ["Labeler"] = Labeler,
        ["QualificationState"] = QualificationState,
        ["QualificationMatched"] = QualificationMatched,
        ["QualificationExtra"] = QualificationExtra,
        ["QualificationMissed"] = QualificationMissed,
        ["QualificationMeanIoU"] = QualificationMeanIoU,
        ["QualificationAnswers"] = QualificationAnswers,
        ["LockedUntil"] = Fields.Value(LockedUntil),
        ["Gold"] = Gold.ToBson(),
        ["Agreement"] = Agreement.ToBson(),
        ["Standing"] = Standing,
        ["SuspendedUntil"] = Fields.Value(SuspendedUntil),
        ["Reason"] = Fields.Value(Reason),
        ["Strikes"] = Strikes,
        ["Suspensions"] = Suspensions,
        ["Counted"] = Counted,
        ["Skill"] = Fields.Array(Skill),
    };

    public static LabelerDocument FromBson(BsonDocument d) => new()
    {
        Id = Fields.String(d, "_id"),
        Domain = Fields.String(d, "Domain"),
        Labeler = Fields.String(d, "Labeler"),
        QualificationState = Fields.StringOrNull(d, "QualificationState") ?? nameof(Core.Labeling.QualificationState.Qualifying),
        QualificationMatched = Fields.Int(d, "QualificationMatched"),
        QualificationExtra = Fields.Int(d, "QualificationExtra"),
        QualificationMissed = Fields.Int(d, "QualificationMissed"),
        QualificationMeanIoU = d["QualificationMeanIoU"].IsNumber ? d["QualificationMeanIoU"].AsDouble : 1,
        QualificationAnswers = Fields.Int(d, "QualificationAnswers"),
        LockedUntil = Fields.DateOrNull(d, "LockedUntil"),
        Gold = d["Gold"].IsDocument ? ScoreDocument.FromBson(d["Gold"].AsDocument) : new(),
        Agreement = d["Agreement"].IsDocument ? ScoreDocument.FromBson(d["Agreement"].AsDocument) : new(),
        Standing = Fields.StringOrNull(d, "Standing") ?? nameof(StandingState.Active),
        SuspendedUntil = Fields.DateOrNull(d, "SuspendedUntil"),
        Reason = Fields.StringOrNull(d, "Reason"),
        Strikes = Fields.Int(d, "Strikes"),
        Suspensions = Fields.Int(d, "Suspensions"),
        Counted = Fields.Int(d, "Counted"),
        Skill = Fields.Doubles(d, "Skill"),
    };

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

    public BsonDocument ToBson() => new() { ["Correct"] = Correct, ["Total"] = Total, ["Answers"] = Answers, ["At"] = At };

    public static ScoreDocument FromBson(BsonDocument d) => new()
    {
        Correct = Fields.Double(d, "Correct"),
        Total = Fields.Double(d, "Total"),
        Answers = Fields.Int(d, "Answers"),
        At = Fields.Date(d, "At"),
    };
}
