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
        var account = buyer?.ToLowerInvariant();
        var query = account is not null ? HasAccount(account) : versionId is { } v ? HasVersion(Text(v)) : null;
        return FindMarket(query)
            .Where(e => e.Kind == ChainEventKind.Purchased && (account is null || e.Account == account) && (versionId is null || e.VersionId == versionId))
            .ToList();
    }

    /// <summary>Claims of one co-owner, oldest first.</summary>
    public IReadOnlyList<ChainEvent> Claims(string account)
    {
        var claimer = account.ToLowerInvariant();
        return FindMarket(HasAccount(claimer)).Where(e => e.Kind == ChainEventKind.Claimed && e.Account == claimer).ToList();
    }

    /// <summary>A labeler's stake as the events tell it.</summary>
    public StakeSummary Stake(string labeler)
    {
        var account = labeler.ToLowerInvariant();
        var events = FindStaking(HasAccount(account)).Where(e => e.Account == account).ToList();
        BigInteger Sum(ChainEventKind kind) => events.Where(e => e.Kind == kind).Aggregate(BigInteger.Zero, (s, e) => s + (e.Amount ?? 0));
        return new StakeSummary(labeler.ToLowerInvariant(), Sum(ChainEventKind.Staked), Sum(ChainEventKind.UnstakeRequested), Sum(ChainEventKind.Unstaked), Sum(ChainEventKind.Slashed), events);
    }

    /// <summary>Every published version with its retirement, sales and claims, oldest first.</summary>
    public IReadOnlyList<VersionHistory> Versions()
    {
        var market = FindMarket(null);
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

    /// <summary>The market's events matching <paramref name="query"/> (all when null), oldest first.</summary>
    private List<ChainEvent> FindMarket(BsonExpression? query) => Find(MarketEvents, query, Checkpoint()!.Market);

    private List<ChainEvent> FindStaking(BsonExpression query) => Find(StakingEvents, query, Checkpoint()!.Staking);

    /// <summary>The stored blocks with an event about <paramref name="account"/>, through the <c>accounts</c> index.</summary>
    private static BsonExpression HasAccount(string account) => BsonExpression.Create("$.accounts[*] ANY = @0", new BsonValue(account));

    /// <summary>The stored blocks with an event of <paramref name="version"/>, through the <c>versions</c> index.</summary>
    private static BsonExpression HasVersion(string version) => BsonExpression.Create("$.versions[*] ANY = @0", new BsonValue(version));

    private static List<ChainEvent> Find(ILiteCollection<BsonDocument> events, BsonExpression? query, string contract) =>
        (query is null ? events.FindAll() : events.Find(query)).SelectMany(d => Read(d, contract)).OrderBy(e => e.BlockNumber).ThenBy(e => e.LogIndex).ToList();
}
