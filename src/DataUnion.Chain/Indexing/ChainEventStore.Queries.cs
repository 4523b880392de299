using System.Globalization;
using System.Numerics;
using LiteDB;

namespace DataUnion.Chain.Indexing;

public sealed partial class ChainEventStore
{
    /// <summary>Purchases, oldest first, optionally of one buyer and/or one version.</summary>
    public IReadOnlyList<ChainEvent> Purchases(string? buyer = null, BigInteger? versionId = null)
    {
        // The most selective indexed field leads; the rest is filtered on the documents found.
        var query = buyer is not null ? Query.EQ("account", buyer.ToLowerInvariant())
            : versionId is { } v ? Query.EQ("version", Text(v))
            : Query.EQ("kind", nameof(ChainEventKind.Purchased));
        return Find(query).Where(e => e.Kind == ChainEventKind.Purchased && (versionId is null || e.VersionId == versionId)).ToList();
    }

    /// <summary>Claims of one co-owner, oldest first.</summary>
    public IReadOnlyList<ChainEvent> Claims(string account) =>
        Find(Query.EQ("account", account.ToLowerInvariant())).Where(e => e.Kind == ChainEventKind.Claimed).ToList();

    /// <summary>A labeler's stake as the events tell it.</summary>
    public StakeSummary Stake(string labeler)
    {
        var events = Find(Query.EQ("account", labeler.ToLowerInvariant()))
            .Where(e => e.Kind is ChainEventKind.Staked or ChainEventKind.UnstakeRequested or ChainEventKind.Unstaked or ChainEventKind.Slashed).ToList();
        BigInteger Sum(ChainEventKind kind) => events.Where(e => e.Kind == kind).Aggregate(BigInteger.Zero, (s, e) => s + (e.Amount ?? 0));
        return new StakeSummary(labeler.ToLowerInvariant(), Sum(ChainEventKind.Staked), Sum(ChainEventKind.UnstakeRequested), Sum(ChainEventKind.Unstaked), Sum(ChainEventKind.Slashed), events);
    }

    /// <summary>Every published version with its retirement, sales and claims, oldest first.</summary>
    public IReadOnlyList<VersionHistory> Versions()
    {
        var market = Find(Query.In("kind",
            nameof(ChainEventKind.VersionPublished), nameof(ChainEventKind.VersionRetired), nameof(ChainEventKind.Purchased), nameof(ChainEventKind.Claimed)));
        var byVersion = market.Where(e => e.VersionId is not null).ToLookup(e => e.VersionId!.Value);
        return market.Where(e => e.Kind == ChainEventKind.VersionPublished).Select(published =>
        {
            var id = published.VersionId!.Value;
            var same = byVersion[id].ToList();
            var purchases = same.Where(e => e.Kind == ChainEventKind.Purchased).ToList();
            return new VersionHistory(
                id,
                BigInteger.Parse(published.Fields["datasetId"], CultureInfo.InvariantCulture),
                published,
                same.FirstOrDefault(e => e.Kind == ChainEventKind.VersionRetired),
                purchases.Count,
                purchases.Aggregate(BigInteger.Zero, (s, e) => s + (e.Amount ?? 0)),
                same.Where(e => e.Kind == ChainEventKind.Claimed).Aggregate(BigInteger.Zero, (s, e) => s + (e.Amount ?? 0)));
        }).ToList();
    }

    private List<ChainEvent> Find(BsonExpression query) =>
        Events.Find(query).Select(Read).OrderBy(e => e.BlockNumber).ThenBy(e => e.LogIndex).ToList();
}
