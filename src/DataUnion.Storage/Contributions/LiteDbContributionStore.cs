using LiteDB;

namespace DataUnion.Storage.Contributions;

/// <summary>
/// Contributions in LiteDB (collection <c>contributions</c>), one document per image, keyed by
/// the image's content (<see cref="Contribution.Key"/>): the first contributor of an image holds it.
/// </summary>
public sealed class LiteDbContributionStore
{
    private readonly NodeDatabase _database;
    private readonly Lock _sequence = new();
    private long? _last;

    /// <summary>Opens the store in <paramref name="database"/>.</summary>
    public LiteDbContributionStore(NodeDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        Contributions.EnsureIndex("contributor");
        Contributions.EnsureIndex("state");
        Contributions.EnsureIndex("seq");
    }

    private ILiteCollection<BsonDocument> Contributions => _database.Database.GetCollection("contributions");

    /// <summary>
    /// Records a new contribution with the next sequence number; false (and nothing written) when
    /// the image already has one.
    /// </summary>
    public bool TryAdd(Contribution contribution, out Contribution added)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        lock (_sequence)
        {
            _last ??= Contributions.Query().OrderByDescending("seq").Limit(1).FirstOrDefault()?["seq"].AsInt64 ?? 0;
            added = contribution with { Sequence = _last.Value + 1 };
            try
            {
                Contributions.Insert(Write(added));
                _last = added.Sequence;
                return true;
            }
            catch (LiteException ex) when (ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
            {
                added = Find(contribution.Key)!;
                return false;
            }
        }
    }

    /// <summary>The contribution of the image with content key <paramref name="key"/>, or null.</summary>
    public Contribution? Find(string key) => Contributions.FindById(key) is { } d ? Read(d) : null;

    /// <summary>Replaces a stored contribution; false when it is gone.</summary>
    public bool Update(Contribution contribution)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        return Contributions.Update(Write(contribution));
    }

    /// <summary>Deletes a contribution; false when there was none.</summary>
    public bool Delete(string key) => Contributions.Delete(key);

    /// <summary><paramref name="contributor"/>'s contributions after sequence <paramref name="after"/>, oldest first.</summary>
    public IReadOnlyList<Contribution> OfContributor(string contributor, long after, int limit) =>
        Contributions.Query()
            .Where(Query.And(Query.EQ("contributor", contributor), Query.GT("seq", after)))
            .OrderBy("seq")
            .Limit(limit)
            .ToEnumerable()
            .Select(Read)
            .ToList();

    /// <summary>Unsigned contributions whose deadline passed by <paramref name="now"/>.</summary>
    public IReadOnlyList<Contribution> Expired(DateTimeOffset now) =>
        Contributions.Find(Query.EQ("state", nameof(ContributionState.AwaitingConsent)))
            .Select(Read)
            .Where(c => c.Deadline <= now)
            .ToList();

    /// <summary>How many of <paramref name="contributor"/>'s uploads await consent.</summary>
    public int CountAwaiting(string contributor) =>
        Contributions.Count(Query.And(Query.EQ("contributor", contributor), Query.EQ("state", nameof(ContributionState.AwaitingConsent))));

    /// <summary>The contributions in <paramref name="state"/>.</summary>
    public IReadOnlyList<Contribution> InState(ContributionState state) =>
        Contributions.Find(Query.EQ("state", state.ToString())).Select(Read).ToList();

    /// <summary>How many contributions each state has.</summary>
    public IReadOnlyDictionary<ContributionState, int> Counts() =>
        Enum.GetValues<ContributionState>().ToDictionary(s => s, s => Contributions.Count(Query.EQ("state", s.ToString())));

    private static BsonDocument Write(Contribution c)
    {
        var attributes = new BsonDocument();
        foreach (var (name, value) in c.Attributes)
        {
            attributes[name] = value;
        }

        return new BsonDocument
        {
            ["_id"] = c.Key,
            ["cid"] = c.Cid,
            ["contributor"] = c.Contributor,
            ["domain"] = c.Domain,
            ["kind"] = c.Kind,
            ["bytes"] = c.Bytes,
            ["width"] = c.Width,
            ["height"] = c.Height,
            ["orientation"] = c.Orientation,
            ["uploaded"] = c.UploadedAt.UtcDateTime,
            ["deadline"] = c.Deadline.UtcDateTime,
            ["state"] = c.State.ToString(),
            ["chainId"] = c.Consent.ChainId,
            ["market"] = c.Consent.Market,
            ["licence"] = c.Consent.Licence,
            ["licenceHash"] = c.Consent.LicenceHash,
            ["attributesHash"] = c.Consent.AttributesHash,
            ["attributesSalt"] = c.Consent.AttributesSalt,
            ["consentDeadline"] = c.Consent.Deadline,
            ["attributes"] = attributes,
            ["signature"] = c.Signature,
            ["digest"] = c.ConsentDigest,
            ["signer"] = c.Signer,
            ["consented"] = c.ConsentedAt?.UtcDateTime,
            ["withdrawn"] = c.WithdrawnAt?.UtcDateTime,
            ["seq"] = c.Sequence,
        };
    }

    private static Contribution Read(BsonDocument d) => new(
        d["_id"].AsString,
        d["cid"].AsString,
        d["contributor"].AsString,
        d["domain"].AsString,
        d["kind"].AsString,
        d["bytes"].AsInt64,
        d["width"].AsInt32,
        d["height"].AsInt32,
        d["orientation"].AsInt32,
        Utc(d["uploaded"]),
        Utc(d["deadline"]),
        Enum.Parse<ContributionState>(d["state"].AsString),
        new ConsentTerms(d["chainId"].AsInt64, d["market"].AsString, d["licence"].AsString, d["licenceHash"].AsString, d["attributesHash"].AsString, d["consentDeadline"].AsInt64,
            d["attributesSalt"].IsNull ? null : d["attributesSalt"].AsString),
        d["attributes"].AsDocument.ToDictionary(p => p.Key, p => p.Value.AsString, StringComparer.Ordinal),
        d["signature"].IsNull ? null : d["signature"].AsString,
        d["digest"].IsNull ? null : d["digest"].AsString,
        d["signer"].IsNull ? null : d["signer"].AsString,
        d["consented"].IsNull ? null : Utc(d["consented"]),
        d["withdrawn"].IsNull ? null : Utc(d["withdrawn"]),
        d["seq"].AsInt64);

    private static DateTimeOffset Utc(BsonValue value) =>
        new(DateTime.SpecifyKind(value.AsDateTime.ToUniversalTime(), DateTimeKind.Utc));
}
