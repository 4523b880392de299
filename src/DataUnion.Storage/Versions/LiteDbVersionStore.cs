using LiteDB;

namespace DataUnion.Storage.Versions;

/// <summary>
/// The versions the node built (collection <c>dataset_versions</c>): at most one draft per
/// domain (<c>draft:&lt;domain&gt;</c>), and every version sent for publishing by its version id
/// (<c>v:&lt;id&gt;</c>). Publishing moves a draft to its id in one transaction; a version past
/// its draft never changes but for its state.
/// </summary>
public sealed class LiteDbVersionStore
{
    private readonly NodeDatabase _database;

    /// <summary>Opens the store in <paramref name="database"/>.</summary>
    public LiteDbVersionStore(NodeDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        Versions.EnsureIndex("domain");
    }

    private ILiteCollection<BsonDocument> Versions => _database.Database.GetCollection("dataset_versions");

    private ILiteCollection<BsonDocument> Members => _database.Database.GetCollection("dataset_version_images");

    /// <summary>
    /// Records that the images with <paramref name="contentKeys"/> are in version
    /// <paramref name="versionId"/>, so each contributor sees which versions hold their image.
    /// </summary>
    public void RecordImages(long versionId, IEnumerable<string> contentKeys)
    {
        ArgumentNullException.ThrowIfNull(contentKeys);
        var db = _database.Database;
        if (!db.BeginTrans())
        {
            throw new InvalidOperationException("a LiteDB transaction is already open on this thread");
        }

        try
        {
            foreach (var key in contentKeys)
            {
                var doc = Members.FindById(key) ?? new BsonDocument { ["_id"] = key, ["v"] = new BsonArray() };
                var ids = doc["v"].AsArray;
                if (!ids.Contains(versionId))
                {
                    ids.Add(versionId);
                    Members.Upsert(doc);
                }
            }

            db.Commit();
        }
        catch
        {
            db.Rollback();
            throw;
        }
    }

    /// <summary>The ids of the versions sent for publishing that hold the image with <paramref name="contentKey"/>.</summary>
    public IReadOnlyList<long> VersionsOf(string contentKey) =>
        Members.FindById(contentKey) is { } d ? d["v"].AsArray.Select(v => v.AsInt64).Order().ToList() : [];

    /// <summary>The domain's draft, or null.</summary>
    public DatasetVersion? Draft(string domain) => Versions.FindById(DraftKey(domain)) is { } d ? Read(d) : null;

    /// <summary>The version sent for publishing with <paramref name="versionId"/>, or null.</summary>
    public DatasetVersion? Find(long versionId) => Versions.FindById(PublishedKey(versionId)) is { } d ? Read(d) : null;

    /// <summary>Every version past its draft, newest first.</summary>
    public IReadOnlyList<DatasetVersion> Sent() =>
        Versions.Find(Query.StartsWith("_id", "v:")).Select(Read).OrderByDescending(v => v.VersionId).ToList();

    /// <summary>Every draft.</summary>
    public IReadOnlyList<DatasetVersion> Drafts() =>
        Versions.Find(Query.StartsWith("_id", "draft:")).Select(Read).OrderBy(v => v.Domain, StringComparer.Ordinal).ToList();

    /// <summary>The highest version id sent for publishing, or 0.</summary>
    public long HighestSent() => Sent().Select(v => v.VersionId).DefaultIfEmpty(0).Max();

    /// <summary>Records <paramref name="draft"/> as its domain's draft, replacing the one before.</summary>
    public void SaveDraft(DatasetVersion draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.State != VersionState.Draft)
        {
            throw new ArgumentException("only a draft is saved as one", nameof(draft));
        }

        Versions.Upsert(Write(draft, DraftKey(draft.Domain)));
    }

    /// <summary>Drops the domain's draft; false when it had none.</summary>
    public bool DeleteDraft(string domain) => Versions.Delete(DraftKey(domain));

    /// <summary>
    /// Moves the domain's draft to its version id as <see cref="VersionState.Publishing"/> with
    /// <paramref name="publishKey"/>, in one transaction. False when the draft is not the one
    /// given (rebuilt meanwhile) or the id is taken.
    /// </summary>
    public bool MarkPublishing(DatasetVersion draft, string publishKey)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var db = _database.Database;
        if (!db.BeginTrans())
        {
            throw new InvalidOperationException("a LiteDB transaction is already open on this thread");
        }

        try
        {
            if (Versions.FindById(DraftKey(draft.Domain)) is not { } stored || stored["root"].AsString != draft.Root || Versions.FindById(PublishedKey(draft.VersionId)) is not null)
            {
                db.Rollback();
                return false;
            }

            Versions.Delete(DraftKey(draft.Domain));
            Versions.Insert(Write(draft with { State = VersionState.Publishing, PublishKey = publishKey }, PublishedKey(draft.VersionId)));
            db.Commit();
            return true;
        }
        catch
        {
            db.Rollback();
            throw;
        }
    }

    /// <summary>Records what the chain says of a version sent for publishing.</summary>
    public void SetState(long versionId, VersionState state, long? block)
    {
        if (Versions.FindById(PublishedKey(versionId)) is { } d)
        {
            d["state"] = state.ToString();
            d["block"] = block;
            Versions.Update(d);
        }
    }

    private static string DraftKey(string domain) => "draft:" + domain;

    private static string PublishedKey(long versionId) => "v:" + versionId.ToString("D20", System.Globalization.CultureInfo.InvariantCulture);

    private static BsonDocument Write(DatasetVersion v, string key)
    {
        var files = new BsonDocument();
        foreach (var (path, cid) in v.Files)
        {
            files[path.Replace('.', '|')] = cid;
        }

        return new BsonDocument
        {
            ["_id"] = key,
            ["domain"] = v.Domain,
            ["versionId"] = v.VersionId,
            ["datasetId"] = v.DatasetId,
            ["state"] = v.State.ToString(),
            ["root"] = v.Root,
            ["files"] = files,
            ["imagesRoot"] = v.ImagesRoot,
            ["sharesRoot"] = v.SharesRoot,
            ["totalShares"] = v.TotalShares,
            ["price"] = v.Price,
            ["token"] = v.Token,
            ["images"] = v.ImageCount,
            ["excluded"] = new BsonArray(v.Excluded.Select(e => new BsonDocument { ["cid"] = e.Cid, ["reason"] = e.Reason })),
            ["chainId"] = v.ChainId,
            ["market"] = v.Market,
            ["built"] = v.BuiltAt.UtcDateTime,
            ["classes"] = v.ClassCounts is null ? BsonValue.Null : new BsonArray(v.ClassCounts.Select(c => new BsonDocument { ["name"] = c.Key, ["boxes"] = c.Value })),
            ["publishKey"] = v.PublishKey,
            ["block"] = v.PublishedBlock,
        };
    }

    private static DatasetVersion Read(BsonDocument d) => new(
        d["domain"].AsString,
        d["versionId"].AsInt64,
        d["datasetId"].AsString,
        Enum.Parse<VersionState>(d["state"].AsString),
        d["root"].AsString,
        d["files"].AsDocument.ToDictionary(p => p.Key.Replace('|', '.'), p => p.Value.AsString, StringComparer.Ordinal),
        d["imagesRoot"].AsString,
        d["sharesRoot"].AsString,
        d["totalShares"].AsString,
        d["price"].AsString,
        d["token"].AsString,
        d["images"].AsInt32,
        d["excluded"].AsArray.Select(e => new ExcludedImage(e["cid"].AsString, e["reason"].AsString)).ToList(),
        d["chainId"].AsInt64,
        d["market"].AsString,
        new DateTimeOffset(DateTime.SpecifyKind(d["built"].AsDateTime.ToUniversalTime(), DateTimeKind.Utc)),
        d["publishKey"].IsNull ? null : d["publishKey"].AsString,
        d["block"].IsNull ? null : d["block"].AsInt64,
        d["classes"].IsArray ? d["classes"].AsArray.ToDictionary(c => c["name"].AsString, c => c["boxes"].AsInt32, StringComparer.Ordinal) : null);
}
