using System.Security.Cryptography;
using DataUnion.Core.Labeling;
using LiteDB;

namespace DataUnion.Storage.Labeling;

public sealed partial class LabelingEngine
{
    /// <summary>
    /// Hands <paramref name="labeler"/> a bundle in <paramref name="domain"/>. A qualifying labeler
    /// gets qualification gold; a qualified one gets the images that most need answers (never one
    /// they have seen) with the domain's share of gold mixed in at random places. A labeler with
    /// an unanswered, unexpired bundle gets that bundle again.
    /// </summary>
    /// <exception cref="LabelingException">Refused (locked, suspended, banned), NoWork or NotFound.</exception>
    public TaskBundle RequestBundle(string domain, string labeler)
    {
        var settings = RequireDomain(domain);
        ArgumentException.ThrowIfNullOrWhiteSpace(labeler);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            SettleAbandoned(settings, labeler, now);
            if (Refusal(settings, labeler, now) is { } refusal)
            {
                throw new LabelingException(LabelingErrorKind.Refused, refusal);
            }

            var qualification = LabelerDoc(domain, labeler).Qualification.At(now);
            var open = Bundles.Find(Query.And(Query.EQ("Labeler", labeler), Query.EQ("Domain", domain), Query.EQ("AnsweredAt", BsonValue.Null)))
                .FirstOrDefault(b => !b.Abandoned && b.ExpiresAt > now.UtcDateTime);
            if (open is not null)
            {
                return ToBundle(open);
            }

            var bundle = qualification.State == QualificationState.Qualifying
                ? QualificationBundle(settings, labeler, qualification, now)
                : WorkBundle(settings, labeler, now);
            Commit(() =>
            {
                Bundles.Insert(bundle);
                foreach (var image in bundle.Items.Select(id => Images.Get(id)))
                {
                    image.Seen.Add(labeler);
                    image.Holds.RemoveAll(h => h.Until <= now.UtcDateTime);
                    image.Holds.Add(new HoldDocument { Labeler = labeler, Bundle = bundle.Id, Until = bundle.ExpiresAt });
                    Images.Update(image);
                }
            });
            return ToBundle(bundle);
        }
    }

    /// <summary>
    /// True when <paramref name="image"/> is in <paramref name="labeler"/>'s bundle
    /// <paramref name="bundleId"/>, the bundle is still open and the labeler may still work.
    /// </summary>
    public bool MayView(string bundleId, string labeler, string image)
    {
        var bundle = FindBundle(bundleId);
        var now = _time.GetUtcNow();
        return bundle is not null && bundle.Labeler == labeler && bundle.AnsweredAt is null && !bundle.Abandoned
            && bundle.ExpiresAt > now.UtcDateTime && image.Length <= MaxIdLength && bundle.Items.Contains(image)
            && FindDomain(bundle.Domain) is { } domain && Refusal(domain, labeler, now) is null
            && FindImage(image) is { Withdrawn: false };
    }

    private BundleDocument? FindBundle(string bundleId) =>
        string.IsNullOrWhiteSpace(bundleId) || bundleId.Length > MaxIdLength ? null : Bundles.FindById(bundleId);

    /// <summary>Why <paramref name="labeler"/> may not work in <paramref name="domain"/> now (suspended, banned, locked out), or null.</summary>
    private string? Refusal(LabelingDomain domain, string labeler, DateTimeOffset now)
    {
        var record = LabelerDoc(domain.Name, labeler);
        if (record.StandingRecord.Refusal(now) is { } refusal)
        {
            return $"{labeler} may not label in domain '{domain.Name}': {refusal}";
        }

        var qualification = record.Qualification.At(now);
        return qualification.State == QualificationState.Locked
            ? $"{labeler} failed the qualification of domain '{domain.Name}' and may try again from {qualification.LockedUntil:u}"
            : null;
    }

    /// <summary>
    /// Settles the labeler's bundles that expired unanswered: their gold counts as failed (so
    /// letting a hard bundle expire is no way around the gold), their real images go back to
    /// others and may come to this labeler again, and their gold stays seen.
    /// </summary>
    private void SettleAbandoned(LabelingDomain domain, string labeler, DateTimeOffset now)
    {
        var expired = Bundles.Find(Query.And(Query.EQ("Labeler", labeler), Query.EQ("Domain", domain.Name), Query.EQ("AnsweredAt", BsonValue.Null)))
            .Where(b => !b.Abandoned && b.ExpiresAt <= now.UtcDateTime)
            .OrderBy(b => b.IssuedAt)
            .ToList();
        if (expired.Count == 0)
        {
            return;
        }

        Commit(() =>
        {
            var record = LabelerDoc(domain.Name, labeler);
            foreach (var bundle in expired)
            {
                foreach (var id in bundle.Items)
                {
                    var image = Images.Get(id);
                    Release(image, bundle);
                    if (!image.IsGold)
                    {
                        image.Seen.Remove(labeler);
                    }
                    else
                    {
                        // Unanswered: every expert box missed (and an empty gold item counts as one miss, not as a perfect answer).
                        Grade(record, bundle, new ObjectMatch(0, 0, Math.Max(1, image.Gold!.Count), 0), passed: false, domain, now);
                    }

                    Images.Update(image);
                }

                bundle.Abandoned = true;
                Bundles.Update(bundle);
            }

            Labelers.Upsert(record);
        });
    }

    private BundleDocument QualificationBundle(LabelingDomain domain, string labeler, Qualification qualification, DateTimeOffset now)
    {
        var wanted = Math.Min(_options.BundleSize, domain.QualificationSize - qualification.Answers);
        var gold = UnseenGold(domain.Name, labeler, wanted);
        if (gold.Count < wanted)
        {
            throw new LabelingException(LabelingErrorKind.NoWork,
                $"domain '{domain.Name}' has too little gold {labeler} has not seen to qualify them ({gold.Count} of {wanted}); the operator must add gold items");
        }

        return NewBundle(domain.Name, labeler, gold, gold, qualifying: true, now);
    }

    private BundleDocument WorkBundle(LabelingDomain domain, string labeler, DateTimeOffset now)
    {
        var goldCount = domain.GoldPerBundle(_options.BundleSize);
        var at = now.UtcDateTime;
        // In queue order from its index (most answers, then oldest), reading only as far as the bundle needs.
        var real = Images.Ordered(Query.StartsWith("Queue", domain.Name + "|"), "$.Queue")
            .Where(i => i.Domain == domain.Name && !i.Seen.Contains(labeler) && i.Answers + i.ActiveHolds(at) < i.Wanted)
            .Take(_options.BundleSize - goldCount)
            .Select(i => i.Id)
            .ToList();
        if (real.Count == 0)
        {
            throw new LabelingException(LabelingErrorKind.NoWork, $"no image in domain '{domain.Name}' needs an answer from {labeler} now");
        }

        var gold = UnseenGold(domain.Name, labeler, goldCount);
        if (gold.Count == 0)
        {
            throw new LabelingException(LabelingErrorKind.NoWork,
                $"domain '{domain.Name}' has no gold item left that {labeler} has not seen, and no bundle goes out without one; the operator must add gold items");
        }

        var items = real.Concat(gold).ToList();
        // Fisher-Yates: the gold lands anywhere, so its position gives nothing away.
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return NewBundle(domain.Name, labeler, items, gold, qualifying: false, now);
    }

    private List<string> UnseenGold(string domain, string labeler, int count)
    {
        var candidates = Images.Find(Query.EQ("GoldPool", domain))
            .Where(i => !i.Seen.Contains(labeler))
            .Select(i => i.Id)
            .Order(StringComparer.Ordinal)
            .ToList();
        return candidates.OrderBy(_ => _random.Next()).Take(count).ToList();
    }

    private BundleDocument NewBundle(string domain, string labeler, List<string> items, List<string> gold, bool qualifying, DateTimeOffset now)
    {
        Span<byte> id = stackalloc byte[16];
        _random.NextBytes(id);
        // Mixed with system randomness so bundle ids cannot be guessed even with a seeded generator.
        Span<byte> salt = stackalloc byte[16];
        RandomNumberGenerator.Fill(salt);
        for (var i = 0; i < id.Length; i++)
        {
            id[i] ^= salt[i];
        }

        return new BundleDocument
        {
            Id = "b-" + Convert.ToHexStringLower(id),
            Domain = domain,
            Labeler = labeler,
            Items = items,
            Gold = gold,
            Qualifying = qualifying,
            IssuedAt = now.UtcDateTime,
            ExpiresAt = (now + _options.BundleTimeout).UtcDateTime,
        };
    }

    private TaskBundle ToBundle(BundleDocument bundle)
    {
        return new TaskBundle(
            bundle.Id,
            bundle.Domain,
            bundle.Labeler,
            bundle.Items.Select(id => Images.Get(id)).Select(i => new BundleItem(i.Id, i.Width, i.Height)).ToList(),
            StoredTime.Offset(bundle.IssuedAt),
            StoredTime.Offset(bundle.ExpiresAt));
    }

    private void Commit(Action work)
    {
        var database = _database.Database;
        database.BeginTrans();
        try
        {
            work();
            database.Commit();
        }
        catch
        {
            database.Rollback();
            throw;
        }
    }
}
