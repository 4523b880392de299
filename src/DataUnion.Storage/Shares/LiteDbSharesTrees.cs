using LiteDB;

namespace DataUnion.Storage.Shares;

/// <summary>
/// Every shares tree the node has computed (collection <c>shares_trees</c>), by its root. A version
/// published with one of these roots is one the node can tell each co-owner about: their units,
/// and from the contract what they can claim. A tree is never changed: the same root is the same
/// leaves.
/// </summary>
public sealed class LiteDbSharesTrees
{
    private readonly NodeDatabase _database;

    /// <summary>Opens the store in <paramref name="database"/>.</summary>
    public LiteDbSharesTrees(NodeDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    private ILiteCollection<BsonDocument> Trees => _database.Database.GetCollection("shares_trees");

    /// <summary>Keeps <paramref name="tree"/> unless a tree with its root is kept already.</summary>
    public void Record(SharesTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (Trees.FindById(tree.Root) is not null)
        {
            return;
        }

        var owners = new BsonArray(tree.Owners.Select(o => new BsonDocument { ["a"] = o.Key, ["u"] = o.Value }));
        Trees.Upsert(new BsonDocument
        {
            ["_id"] = tree.Root,
            ["domain"] = tree.Domain,
            ["version"] = tree.VersionId,
            ["total"] = tree.Owners.Values.Sum(),
            ["owners"] = owners,
            ["created"] = tree.Created.UtcDateTime,
        });
    }

    /// <summary>The tree with <paramref name="root"/> (0x hex, any case), or null.</summary>
    public SharesTree? Find(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Trees.FindById(root.ToLowerInvariant()) is { } d
            ? new SharesTree(
                d["_id"].AsString,
                d["domain"].AsString,
                d["version"].AsString,
                d["owners"].AsArray.ToDictionary(o => o["a"].AsString, o => o["u"].AsInt64, StringComparer.Ordinal),
                new DateTimeOffset(DateTime.SpecifyKind(d["created"].AsDateTime.ToUniversalTime(), DateTimeKind.Utc)))
            : null;
    }
}

/// <summary>A version's shares tree as the node computed it.</summary>
/// <param name="Root">Its root, 0x hex, lower-case.</param>
/// <param name="Domain">The labeling domain its shares come from.</param>
/// <param name="VersionId">The version id its leaves name (decimal).</param>
/// <param name="Owners">Each co-owner's units (addresses lower-case).</param>
/// <param name="Created">When it was first computed.</param>
public sealed record SharesTree(string Root, string Domain, string VersionId, IReadOnlyDictionary<string, long> Owners, DateTimeOffset Created);
