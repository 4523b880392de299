using DataUnion.Core.Labeling;
using LiteDB;

namespace DataUnion.Storage.Labeling;

public sealed partial class LabelingEngine
{
    /// <summary>Longest suspension the operator may set.</summary>
    public static readonly TimeSpan MaxOperatorSuspension = TimeSpan.FromDays(3650);

    /// <summary>Every labeler with a record in <paramref name="domain"/>, by address.</summary>
    /// <exception cref="LabelingException">NotFound: the domain is unknown.</exception>
    public IReadOnlyList<LabelerStatus> LabelersOf(string domain)
    {
        RequireDomain(domain);
        return Labelers.Find(Query.EQ("Domain", domain)).OrderBy(l => l.Labeler, StringComparer.Ordinal).Select(StatusOf).ToList();
    }

    /// <summary>The domains in which <paramref name="labeler"/> has a record, with the record.</summary>
    public IReadOnlyList<LabelerStatus> RecordsOf(string labeler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(labeler);
        return Labelers.Find(Query.EQ("Labeler", labeler)).OrderBy(l => l.Domain, StringComparer.Ordinal).Select(StatusOf).ToList();
    }

    /// <summary>
    /// The operator suspends <paramref name="labeler"/> in <paramref name="domain"/> for
    /// <paramref name="length"/>: no bundles, images or answers until then. It counts towards a ban
    /// like any suspension; the labeler's open bundle is withdrawn without failing its gold.
    /// </summary>
    /// <exception cref="LabelingException">NotFound (domain), Invalid (length, reason) or Refused (banned: a ban is final).</exception>
    public LabelerStatus Suspend(string domain, string labeler, TimeSpan length, string reason)
    {
        RequireDomain(domain);
        ArgumentException.ThrowIfNullOrWhiteSpace(labeler);
        if (length <= TimeSpan.Zero || length > MaxOperatorSuspension || string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            throw new LabelingException(LabelingErrorKind.Invalid, $"a suspension needs a length from 1 second to {MaxOperatorSuspension.TotalDays} days and a reason of 1 to 500 characters");
        }

        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var record = LabelerDoc(domain, labeler);
            if (record.StandingRecord.At(now).State == StandingState.Banned)
            {
                throw new LabelingException(LabelingErrorKind.Refused, $"{labeler} is banned from domain '{domain}'; a ban is final");
            }

            // Bundles that expired unanswered are settled first: a suspension is no way around their gold.
            SettleAbandoned(FindDomain(domain)!, labeler, now);
            record = LabelerDoc(domain, labeler);
            Commit(() =>
            {
                record.Set(record.StandingRecord.SuspendedByOperator(reason, now + length, _options.Sanctions, now));
                Labelers.Upsert(record);
                WithdrawOpenBundles(domain, labeler);
            });
            return StatusOf(Labelers.Get(record.Id));
        }
    }

    /// <summary>The operator lifts <paramref name="labeler"/>'s suspension in <paramref name="domain"/>.</summary>
    /// <exception cref="LabelingException">NotFound (domain or record) or Refused (banned: a ban is final).</exception>
    public LabelerStatus Lift(string domain, string labeler)
    {
        RequireDomain(domain);
        ArgumentException.ThrowIfNullOrWhiteSpace(labeler);
        lock (_gate)
        {
            var record = Labelers.FindById(LabelerDocument.Key(domain, labeler))
                ?? throw new LabelingException(LabelingErrorKind.NotFound, $"{labeler} has no record in domain '{domain}'");
            try
            {
                record.Set(record.StandingRecord.Lifted(_time.GetUtcNow()));
            }
            catch (InvalidOperationException ex)
            {
                throw new LabelingException(LabelingErrorKind.Refused, $"{labeler} stays banned from domain '{domain}': {ex.Message}");
            }

            Labelers.Update(record);
            return StatusOf(record);
        }
    }

    /// <summary>
    /// The domain's queue: real images waiting for answers, held in open bundles, finished and
    /// withdrawn; answers in the last hour and day; and the gold pass rate.
    /// </summary>
    /// <exception cref="LabelingException">NotFound: the domain is unknown.</exception>
    public QueueStatistics Queue(string domain)
    {
        RequireDomain(domain);
        var now = _time.GetUtcNow();
        var at = now.UtcDateTime;
        var images = Images.Find(Query.EQ("Domain", domain)).ToList();
        var real = images.Where(i => !i.IsGold && !i.Withdrawn).ToList();
        var gold = images.Where(i => i.IsGold).ToList();
        var dayAgo = at.AddDays(-1);
        var answered = Bundles.Find(Query.And(Query.EQ("Domain", domain), Query.GTE("AnsweredAt", dayAgo))).ToList();
        var goldAnswers = gold.Sum(g => g.GoldAnswers);
        var target = FindDomain(domain)!.ConfidenceTarget;
        // An image's confidence is its least certain object's, or that it shows none.
        var confidences = real.Where(i => i.Finished)
            .Select(i => i.Consensus is { Count: > 0 } objects ? objects.Min(o => o.Confidence) : i.EmptyConfidence).ToList();
        return new QueueStatistics(
            domain,
            real.Count(i => !i.Finished && i.ActiveHolds(at) == 0),
            real.Count(i => !i.Finished && i.ActiveHolds(at) > 0),
            real.Count(i => i.Finished),
            images.Count(i => i.Withdrawn),
            answered.Where(b => b.AnsweredAt >= at.AddHours(-1)).Sum(b => b.Items.Count),
            answered.Sum(b => b.Items.Count),
            gold.Count(g => !g.Retired),
            gold.Count(g => g.Retired),
            goldAnswers,
            goldAnswers == 0 ? null : (double)gold.Sum(g => g.GoldPasses) / goldAnswers,
            Labelers.Count(Query.EQ("Domain", domain)),
            confidences.Count == 0 ? null : confidences.Average(),
            confidences.Count(c => c < target),
            now);
    }

    /// <summary>
    /// Withdraws the labeler's unanswered bundles in the domain, for a labeler who may no longer
    /// work: their images go back to others (and may come back to the labeler later), and their
    /// gold is not failed.
    /// </summary>
    private void WithdrawOpenBundles(string domain, string labeler)
    {
        // Read them all before writing: LiteDB refuses a write while a query's cursor is open.
        foreach (var open in Bundles.Find(Query.And(Query.EQ("Labeler", labeler), Query.EQ("Domain", domain), Query.EQ("AnsweredAt", BsonValue.Null))).Where(b => !b.Abandoned).ToList())
        {
            foreach (var image in open.Items.Select(id => Images.Get(id)))
            {
                Release(image, open);
                if (!image.IsGold)
                {
                    image.Seen.Remove(labeler);
                }

                Images.Update(image);
            }

            open.Abandoned = true;
            Bundles.Update(open);
        }
    }
}

/// <summary>A domain's queue, for the operator.</summary>
/// <param name="Domain">The domain.</param>
/// <param name="Waiting">Real images that need answers and are in no open bundle.</param>
/// <param name="InBundles">Real images held in open bundles.</param>
/// <param name="Finished">Real images with a final consensus.</param>
/// <param name="Withdrawn">Images their contributors withdrew.</param>
/// <param name="AnswersLastHour">Items answered in the last hour (gold included).</param>
/// <param name="AnswersLastDay">Items answered in the last 24 hours.</param>
/// <param name="Gold">Gold items in use.</param>
/// <param name="RetiredGold">Gold items retired because too many failed them.</param>
/// <param name="GoldAnswers">Gold answers graded.</param>
/// <param name="GoldPassRate">Share of them that passed; null before any.</param>
/// <param name="Labelers">Labelers with a record in the domain.</param>
/// <param name="MeanConfidence">Mean consensus confidence of the finished images (each image's least
/// certain object, or the confidence that it shows none); null before any finished.</param>
/// <param name="BelowTarget">Finished images whose confidence stayed under the domain's target (they
/// reached the most labelers without agreeing well enough): worth a look.</param>
/// <param name="At">When this was read.</param>
public sealed record QueueStatistics(
    string Domain, int Waiting, int InBundles, int Finished, int Withdrawn, int AnswersLastHour, int AnswersLastDay,
    int Gold, int RetiredGold, int GoldAnswers, double? GoldPassRate, int Labelers, double? MeanConfidence, int BelowTarget, DateTimeOffset At);
