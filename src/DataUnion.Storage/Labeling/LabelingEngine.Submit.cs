using DataUnion.Core.Labeling;
using LiteDB;

namespace DataUnion.Storage.Labeling;

public sealed partial class LabelingEngine
{
    /// <summary>
    /// Takes <paramref name="labeler"/>'s answers to bundle <paramref name="bundleId"/>. Gold
    /// answers are graded (qualification, gold accuracy, standing, the gold item's pass rate); the
    /// real answers count only when every gold item of the bundle passed; a real image with enough
    /// answers gets its consensus, and when that is confident (or the overlap is at its maximum)
    /// it is finished: agreement feeds reputation and its co-ownership shares are fixed. All of it
    /// is one transaction.
    /// </summary>
    /// <exception cref="LabelingException">
    /// NotFound (no such bundle), NotAssigned, Duplicate (answered before with other answers: a
    /// strike; the same answers again get the first receipt), Late (expired or withdrawn),
    /// Refused (suspended, banned or locked out), Invalid (every bad box, unknown class, missing
    /// or foreign image), TooFast (a strike).
    /// </exception>
    public SubmissionReceipt Submit(string bundleId, string labeler, IReadOnlyList<ItemAnswer> answers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(labeler);
        ArgumentNullException.ThrowIfNull(answers);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var bundle = FindBundle(bundleId)
                ?? throw new LabelingException(LabelingErrorKind.NotFound, $"no bundle '{Shown(bundleId)}' was assigned to anyone");
            if (bundle.Labeler != labeler)
            {
                throw new LabelingException(LabelingErrorKind.NotAssigned, $"bundle '{bundleId}' was not assigned to {labeler}");
            }

            var domain = RequireDomain(bundle.Domain);
            if (bundle.AnsweredAt is { } answeredAt)
            {
                // A retry of the same answer (a lost response, a double click) gets the same receipt.
                if (SameAsStored(bundle, answers))
                {
                    return new SubmissionReceipt(bundle.Id, bundle.ReceiptGoldPassed, bundle.ReceiptCounted, bundle.ReceiptFinished, StatusOf(LabelerDoc(domain.Name, labeler)));
                }

                Strike(bundle, $"bundle '{bundleId}' submitted again with other answers", now);
                throw new LabelingException(LabelingErrorKind.Duplicate, $"duplicate submission: bundle '{bundleId}' was already answered at {answeredAt:u} with other answers");
            }

            if (bundle.Abandoned)
            {
                throw new LabelingException(LabelingErrorKind.Late, $"late submission: bundle '{bundleId}' was withdrawn (it expired unanswered, or its labeler was suspended); ask for a new bundle");
            }

            if (now.UtcDateTime >= bundle.ExpiresAt)
            {
                throw new LabelingException(LabelingErrorKind.Late, $"late submission: bundle '{bundleId}' expired at {bundle.ExpiresAt:u}; ask for a new bundle");
            }

            if (Refusal(domain, labeler, now) is { } refusal)
            {
                throw new LabelingException(LabelingErrorKind.Refused, refusal);
            }

            var images = bundle.Items.ToDictionary(id => id, id => Images.Get(id), StringComparer.Ordinal);
            var problems = LabelingRules.Problems(
                bundle.Id, bundle.Labeler, bundle.Items, id => images.TryGetValue(id, out var image) ? (image.Width, image.Height) : null, domain, answers);
            if (problems.Count > 0)
            {
                throw new LabelingException(LabelingErrorKind.Invalid, problems);
            }

            var elapsed = now.UtcDateTime - bundle.IssuedAt;
            if (LabelingRules.TooFast(bundleId, bundle.Items.Count, elapsed, _options.Sanctions) is { } tooFast)
            {
                Strike(bundle, $"{bundle.Items.Count} items answered in {elapsed.TotalSeconds:0.#} s", now);
                throw new LabelingException(LabelingErrorKind.TooFast, tooFast);
            }

            SubmissionReceipt? receipt = null;
            // The answer's receipt is kept on the bundle inside the same transaction.
            Commit(() => receipt = Accept(bundle, domain, images, answers.ToDictionary(a => a.Image, StringComparer.Ordinal), now));
            return receipt!;
        }
    }

    private SubmissionReceipt Accept(BundleDocument bundle, LabelingDomain domain, Dictionary<string, ImageDocument> images, Dictionary<string, ItemAnswer> answers, DateTimeOffset now)
    {
        var record = LabelerDoc(domain.Name, bundle.Labeler);
        var allPassed = true;
        foreach (var id in bundle.Gold)
        {
            var image = images[id];
            var grade = ObjectMatch.Of(answers[id].Boxes, BoxDocument.ToBoxes(image.Gold!), domain.ConsensusOptions);
            var passed = grade.Passes(domain.PassMeanIoU, domain.PassPrecision, domain.PassRecall);
            allPassed &= passed;
            Grade(record, bundle, grade, passed, domain, now);
            var learned = new SkillEvidence();
            GoldEvidence.Add(learned, answers[id].Boxes, BoxDocument.ToBoxes(image.Gold!), domain.ConsensusOptions);
            Learn(domain.Name, record, learned);

            image.GoldAnswers++;
            image.GoldPasses += passed ? 1 : 0;
            image.Retired |= LabelingRules.RetiresGold(image.GoldAnswers, image.GoldPasses, _options);
            Release(image, bundle);
            Answers.Insert(NewAnswer(bundle, id, answers[id], now, AnswerKind.Gold, passed));
        }

        var counted = 0;
        var finished = 0;
        foreach (var id in bundle.Items.Where(id => !bundle.Gold.Contains(id)))
        {
            var image = images[id];
            Release(image, bundle);
            // An answer whose bundle's gold failed is kept for the record but never counts; nor does
            // one for an image its contributor withdrew while the bundle was open.
            var kind = LabelingRules.KindOf(allPassed, image.Withdrawn);
            Answers.Insert(NewAnswer(bundle, id, answers[id], now, kind, null));
            if (kind == AnswerKind.Counted)
            {
                image.Answers++;
                counted++;
                record.Counted++;
            }
        }

        Labelers.Upsert(record);
        foreach (var image in images.Values)
        {
            Images.Update(image);
        }

        foreach (var image in images.Values.Where(i => !i.IsGold && !i.Finished && !i.Withdrawn && i.Answers >= i.Wanted))
        {
            finished += Judge(image, domain, now) ? 1 : 0;
        }

        bundle.AnsweredAt = now.UtcDateTime;
        (bundle.ReceiptGoldPassed, bundle.ReceiptCounted, bundle.ReceiptFinished) = (allPassed, counted, finished);
        Bundles.Update(bundle);
        return new SubmissionReceipt(bundle.Id, allPassed, counted, finished, StatusOf(Labelers.Get(record.Id)));
    }

    private bool SameAsStored(BundleDocument bundle, IReadOnlyList<ItemAnswer> answers)
    {
        var stored = Answers.Find(Query.EQ("Bundle", bundle.Id)).ToDictionary(a => a.Image, a => BoxDocument.ToBoxes(a.Boxes), StringComparer.Ordinal);
        return answers.Count == stored.Count
            && answers.Select(a => a?.Image).Distinct(StringComparer.Ordinal).Count() == stored.Count
            && answers.All(a => a?.Image is not null && a.Boxes is not null && stored.TryGetValue(a.Image, out var boxes) && boxes.SequenceEqual(a.Boxes));
    }

    /// <summary>
    /// A graded gold answer: it feeds the gold accuracy, then the qualification (a qualification
    /// bundle) or the standing (a work bundle, where sustained failure suspends).
    /// </summary>
    private void Grade(LabelerDocument record, BundleDocument bundle, ObjectMatch grade, bool passed, LabelingDomain domain, DateTimeOffset now)
    {
        var reputation = record.Reputation.WithGold(passed, now, _options.ReputationHalfLife);
        record.Set(reputation);
        if (bundle.Qualifying && record.Qualification.At(now).State == QualificationState.Qualifying)
        {
            record.Set(record.Qualification.With(grade, domain, now));
        }
        else if (!bundle.Qualifying)
        {
            record.Set(record.StandingRecord.AfterGold(reputation.Gold, passed, _options.Sanctions, now));
        }
    }

    private static void Release(ImageDocument image, BundleDocument bundle) => image.Holds.RemoveAll(h => h.Bundle == bundle.Id);

    private static AnswerDocument NewAnswer(BundleDocument bundle, string image, ItemAnswer answer, DateTimeOffset now, AnswerKind kind, bool? passed) => new()
    {
        Bundle = bundle.Id,
        Image = image,
        Labeler = bundle.Labeler,
        Boxes = BoxDocument.From(answer.Boxes),
        At = now.UtcDateTime,
        Kind = kind,
        Passed = passed,
    };

    /// <summary>
    /// Records a strike, at most one per bundle: the same offence sent again, or ten times at once,
    /// is one offence. When it suspends or bans, the labeler's open bundles in the domain are
    /// released without grading: they cannot answer them now, and the one offence is not to cost
    /// their gold as well.
    /// </summary>
    private void Strike(BundleDocument bundle, string reason, DateTimeOffset now)
    {
        if (bundle.Struck)
        {
            return;
        }

        Commit(() =>
        {
            bundle.Struck = true;
            Bundles.Update(bundle);
            var record = LabelerDoc(bundle.Domain, bundle.Labeler);
            var standing = record.StandingRecord.WithStrike(reason, _options.Sanctions, now);
            record.Set(standing);
            Labelers.Upsert(record);
            if (standing.Refusal(now) is null)
            {
                return;
            }

            WithdrawOpenBundles(bundle.Domain, bundle.Labeler);
        });
    }
}
