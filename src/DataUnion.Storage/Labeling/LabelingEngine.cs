using DataUnion.Core.Labeling;
using LiteDB;

namespace DataUnion.Storage.Labeling;

/// <summary>
/// The labeling engine's state in the node's LiteDB file: domains, images, bundles, answers and
/// labeler records. The decisions are <c>DataUnion.Core.Labeling</c>'s pure algorithms; this class
/// keeps their state and makes each request one transaction, so a refused or failed submission
/// changes nothing (except the strike a duplicate or too-fast submission earns, which is its own
/// transaction). Requests are serialized: assignment must see every hold before it makes one.
/// </summary>
public sealed partial class LabelingEngine
{
    private readonly NodeDatabase _database;
    private readonly IStakeSource _stakes;
    private readonly TimeProvider _time;
    private readonly LabelingOptions _options;
    private readonly Random _random;
    private readonly Lock _gate = new();

    /// <summary>Creates the engine over <paramref name="database"/>.</summary>
    /// <param name="database">The node database.</param>
    /// <param name="stakes">Where stakes come from.</param>
    /// <param name="time">The clock.</param>
    /// <param name="options">Bundle, reputation and sanction settings; validated here.</param>
    /// <param name="random">Source of bundle ids' entropy and of gold placement; default a fresh one.</param>
    public LabelingEngine(NodeDatabase database, IStakeSource stakes, TimeProvider time, LabelingOptions options, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(stakes);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException($"bad labeling options: {string.Join("; ", problems)}", nameof(options));
        }

        (_database, _stakes, _time, _options, _random) = (database, stakes, time, options, random ?? new Random());
        BackfillContentKeys();
        BackfillQueueKeys();
        Images.EnsureIndex("Domain");
        Images.EnsureIndex("Content");
        Images.EnsureIndex("Queue");
        Images.EnsureIndex("GoldPool");
        Answers.EnsureIndex("Image");
        Answers.EnsureIndex("Bundle");
        Bundles.EnsureIndex("Labeler");
    }

    private DocumentCollection<DomainDocument> DomainDocs => new(_database.Database.GetCollection("labeling_domains"), d => d.ToBson(), DomainDocument.FromBson);

    private DocumentCollection<ImageDocument> Images => new(_database.Database.GetCollection("labeling_images"), i => i.ToBson(), ImageDocument.FromBson);

    private DocumentCollection<BundleDocument> Bundles => new(_database.Database.GetCollection("labeling_bundles"), b => b.ToBson(), BundleDocument.FromBson);

    private DocumentCollection<AnswerDocument> Answers => new(_database.Database.GetCollection("labeling_answers"), a => a.ToBson(), AnswerDocument.FromBson);

    private DocumentCollection<LabelerDocument> Labelers => new(_database.Database.GetCollection("labeling_labelers"), l => l.ToBson(), LabelerDocument.FromBson);

    /// <summary>Each domain's pooled skill evidence (id: the domain).</summary>
    private ILiteCollection<BsonDocument> Crowds => _database.Database.GetCollection("labeling_crowds");

    /// <summary>Creates or replaces a domain. Its images, bundles and labeler records stay.</summary>
    /// <exception cref="LabelingException">Invalid: the settings' problems.</exception>
    public void SaveDomain(LabelingDomain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (domain.Problems() is { Count: > 0 } problems)
        {
            throw new LabelingException(LabelingErrorKind.Invalid, problems);
        }

        lock (_gate)
        {
            DomainDocs.Upsert(DomainDocument.From(domain));
        }
    }

    /// <summary>Every domain, by name.</summary>
    public IReadOnlyList<LabelingDomain> Domains() => DomainDocs.FindAll().Select(d => d.ToDomain()).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();

    /// <summary>Longest bundle or image id looked up, in characters; a longer one is unknown without a lookup.</summary>
    public const int MaxIdLength = LabelingRules.MaxIdLength;

    /// <summary>The domain called <paramref name="name"/>, or null.</summary>
    public LabelingDomain? FindDomain(string name) =>
        LabelingDomain.NameProblem(name) is null ? DomainDocs.FindById(name)?.ToDomain() : null;

    /// <summary>
    /// Puts an image up for labeling in <paramref name="domain"/>: a real item, or a gold item when
    /// it carries expert boxes. An image is known by its content (<see cref="ImageDocument.ContentKey"/>),
    /// so another CID of the same bytes is the same image: adding it again with the same settings
    /// does nothing, and with other settings, or to another domain, is a duplicate.
    /// </summary>
    /// <returns>The image's id: the one it was first added with.</returns>
    /// <exception cref="LabelingException">The domain is unknown, the item is invalid, or the image is up for labeling with other settings.</exception>
    public string AddImage(string domain, LabelingItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var settings = RequireDomain(domain);
        if (LabelingRules.Problems(item, settings) is { Count: > 0 } problems)
        {
            throw new LabelingException(LabelingErrorKind.Invalid, problems);
        }

        lock (_gate)
        {
            if (FindImage(item.Id) is { } existing)
            {
                if (existing.Domain == settings.Name && Same(existing.ToItem(), item with { Id = existing.Id }))
                {
                    return existing.Id;
                }

                var named = existing.Id == item.Id ? $"image '{item.Id}'" : $"image '{item.Id}' (the same content as '{existing.Id}')";
                throw new LabelingException(LabelingErrorKind.Duplicate, $"{named} is already up for labeling in domain '{existing.Domain}' with other settings");
            }

            Images.Insert(new ImageDocument
            {
                Id = item.Id,
                Content = ImageDocument.ContentKey(item.Id),
                Domain = settings.Name,
                Width = item.Width,
                Height = item.Height,
                Contributor = item.Contributor,
                Gold = item.Gold is null ? null : BoxDocument.From(item.Gold),
                IsGold = item.Gold is not null,
                Added = _time.GetUtcNow().UtcDateTime,
                Wanted = settings.MinOverlap,
            });
            return item.Id;
        }
    }

    /// <summary>
    /// Takes an image out of labeling for good, because its contributor withdrew it: it goes into no
    /// further bundle, answers still open for it count for nothing, and it earns no shares from
    /// here on. Its record stays, so what was decided about it can still be read.
    /// </summary>
    /// <returns>False when the image was never put up for labeling.</returns>
    public bool Withdraw(string id)
    {
        lock (_gate)
        {
            if (FindImage(id) is not { } image)
            {
                return false;
            }

            image.Withdrawn = true;
            image.Holds.Clear();
            Images.Update(image);
            return true;
        }
    }

    /// <summary>The image's labeling state, or null when it was never put up; any CID of its content finds it.</summary>
    public ImageStatus? Image(string id) => FindImage(id) is { } image ? StatusOf(image) : null;

    /// <summary>A labeler's record in a domain (a fresh one for a newcomer).</summary>
    /// <exception cref="LabelingException">NotFound: the domain is unknown.</exception>
    public LabelerStatus Labeler(string domain, string labeler)
    {
        RequireDomain(domain);
        ArgumentException.ThrowIfNullOrWhiteSpace(labeler);
        return StatusOf(LabelerDoc(domain, labeler));
    }

    /// <summary>
    /// Co-ownership share units of every finished image of <paramref name="domain"/>, added up by
    /// owner (ordinal order). These are the leaves of a dataset version's shares tree.
    /// </summary>
    public IReadOnlyDictionary<string, long> Shares(string domain)
    {
        RequireDomain(domain);
        return CoOwnershipShares.Sum(Images.Find(Query.And(Query.EQ("Domain", domain), Query.EQ("Finished", true), Query.EQ("Withdrawn", false)))
            .Select(i => (IReadOnlyDictionary<string, long>)(i.Shares ?? []).ToDictionary(s => s.Owner, s => s.Units, StringComparer.Ordinal)));
    }

    /// <summary>
    /// The domain's finished real images with their consensus and shares, the withdrawn ones
    /// included (flagged): what a dataset version of the domain is made of, and what it leaves out.
    /// </summary>
    /// <exception cref="LabelingException">NotFound: the domain is unknown.</exception>
    public IReadOnlyList<ImageStatus> FinishedImages(string domain)
    {
        RequireDomain(domain);
        return Images.Find(Query.And(Query.EQ("Domain", domain), Query.EQ("Finished", true), Query.EQ("IsGold", false))).Select(StatusOf).ToList();
    }

    /// <summary>Counts of the domain's images: real, finished, gold and retired gold.</summary>
    public (int Real, int Finished, int Gold, int RetiredGold) Counts(string domain)
    {
        RequireDomain(domain);
        var images = Images.Find(Query.EQ("Domain", domain)).ToList();
        return (images.Count(i => !i.IsGold), images.Count(i => i.Finished), images.Count(i => i.IsGold), images.Count(i => i.Retired));
    }

    private static bool Same(LabelingItem a, LabelingItem b) =>
        a.Width == b.Width && a.Height == b.Height && a.Contributor == b.Contributor
        && (a.Gold is null) == (b.Gold is null) && (a.Gold is null || a.Gold.SequenceEqual(b.Gold!));

    private LabelingDomain RequireDomain(string domain) =>
        (string.IsNullOrWhiteSpace(domain) ? null : FindDomain(domain))
            ?? throw new LabelingException(LabelingErrorKind.NotFound, $"there is no labeling domain '{Shown(domain)}'");

    /// <summary>An id as quoted in a message: cut, so a huge id never comes back whole.</summary>
    private static string Shown(string? id) => id is { Length: > LabelingDomain.MaxNameLength } ? id[..LabelingDomain.MaxNameLength] + "…" : id ?? string.Empty;

    /// <summary>The image with <paramref name="id"/>, or with the same content under another CID.</summary>
    private ImageDocument? FindImage(string id) =>
        string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength ? null
        : Images.FindById(id) ?? Images.FindOne(Query.EQ("Content", ImageDocument.ContentKey(id)));

    /// <summary>Images stored before content keys were kept get theirs, once, before the index on them is built.</summary>
    private void BackfillContentKeys()
    {
        foreach (var image in Images.Find(Query.EQ("Content", BsonValue.Null)).ToList())
        {
            image.Content = ImageDocument.ContentKey(image.Id);
            Images.Update(image);
        }
    }

    /// <summary>Images written before the queue keys were kept are written again, once, so the indexes on them find them.</summary>
    private void BackfillQueueKeys()
    {
        foreach (var id in _database.Database.GetCollection("labeling_images").Find(Query.Not("Keys", ImageDocument.CurrentKeys)).Select(d => d["_id"]).ToList())
        {
            Images.Update(Images.Get(id));
        }
    }

    private LabelerDocument LabelerDoc(string domain, string labeler) =>
        Labelers.FindById(LabelerDocument.Key(domain, labeler)) ?? new LabelerDocument
        {
            Id = LabelerDocument.Key(domain, labeler),
            Domain = domain,
            Labeler = labeler,
            // Empty records decay nothing, so their clock may start anywhere.
            Gold = ScoreDocument.From(GoldAccuracy.None(DateTimeOffset.UnixEpoch)),
            Agreement = ScoreDocument.From(GoldAccuracy.None(DateTimeOffset.UnixEpoch)),
        };

    private double Stake(string labeler)
    {
        var stake = _stakes.StakeOf(labeler);
        return double.IsFinite(stake) && stake >= 0
            ? stake
            : throw new InvalidOperationException($"the stake source gave {stake} for '{labeler}'; a stake is a finite amount, not negative");
    }

    private double PowerOf(LabelerDocument labeler) => _options.VotingPower.Of(labeler.Reputation.Value, Stake(labeler.Labeler));

    private LabelerStatus StatusOf(LabelerDocument d)
    {
        var now = _time.GetUtcNow();
        var stake = Stake(d.Labeler);
        return new LabelerStatus(
            d.Domain, d.Labeler, d.Qualification.At(now), d.Reputation, d.StandingRecord.At(now),
            _options.VotingPower.Of(d.Reputation.Value, stake), stake, d.Counted,
            CrowdModel.FromEvidence(new Dictionary<string, SkillEvidence> { [d.Labeler] = d.SkillEvidence() }, CrowdEvidence(d.Domain), _options.SkillPriors).SkillOf(d.Labeler));
    }

    private static ImageStatus StatusOf(ImageDocument i) => new(
        i.ToItem(),
        i.Domain,
        i.Answers,
        i.Wanted,
        i.Seen,
        i.Consensus is null ? null : new ImageConsensus(
            i.Consensus.Select(o => o.ToObject()).ToList(),
            i.EmptyConfidence,
            i.TotalWeight,
            i.Doubt,
            i.EffectiveVoters),
        i.Shares?.ToDictionary(s => s.Owner, s => s.Units, StringComparer.Ordinal),
        i.VotingPowers?.ToDictionary(p => p.Labeler, p => p.Power, StringComparer.Ordinal),
        i.Retired,
        i.Withdrawn);
}
