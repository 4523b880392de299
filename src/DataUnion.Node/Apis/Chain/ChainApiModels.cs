using System.Globalization;
using DataUnion.Chain.Indexing;
using DataUnion.Chain.Outbox;

namespace DataUnion.Node.Apis.Chain;

/// <summary>An indexed event; token amounts and ids are decimal strings (they exceed JSON's safe integers).</summary>
public sealed record EventView(
    string Kind, long BlockNumber, string BlockHash, string TransactionHash, long LogIndex, string Contract,
    string? VersionId, string? Account, string? Amount, IReadOnlyDictionary<string, string> Fields)
{
    internal static EventView From(ChainEvent e) => new(
        e.Kind.ToString(), e.BlockNumber, e.BlockHash, e.TransactionHash, e.LogIndex, e.Contract,
        e.VersionId?.ToString(CultureInfo.InvariantCulture), e.Account, e.Amount?.ToString(CultureInfo.InvariantCulture), e.Fields);
}

/// <summary>A labeler's stake from the events.</summary>
public sealed record StakeView(string Labeler, string Staked, string UnstakeRequested, string Withdrawn, string Slashed, string Held, IReadOnlyList<EventView> Events)
{
    internal static StakeView From(StakeSummary s) => new(
        s.Labeler, Text(s.Staked), Text(s.UnstakeRequested), Text(s.Withdrawn), Text(s.Slashed), Text(s.Held), s.Events.Select(EventView.From).ToList());

    private static string Text(System.Numerics.BigInteger v) => v.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A published version and what happened to it.</summary>
public sealed record VersionView(string VersionId, string DatasetId, EventView Published, EventView? Retired, int Purchases, string Revenue, string Claimed)
{
    internal static VersionView From(VersionHistory v) => new(
        v.VersionId.ToString(CultureInfo.InvariantCulture), v.DatasetId.ToString(CultureInfo.InvariantCulture), EventView.From(v.Published),
        v.Retired is null ? null : EventView.From(v.Retired), v.Purchases, v.Revenue.ToString(CultureInfo.InvariantCulture), v.Claimed.ToString(CultureInfo.InvariantCulture));
}

/// <summary>An outbox intent as the operator sees it.</summary>
public sealed record IntentView(
    string Key, string Kind, string State, string Sender, string To, long? Nonce, IReadOnlyList<string> Transactions,
    string? MinedIn, long? BlockNumber, string? LastError, DateTimeOffset Created, DateTimeOffset Updated, IReadOnlyList<string> History)
{
    internal static IntentView From(TransactionIntent i) => new(
        i.Key, i.Kind, i.State.ToString(), i.From, i.To, i.Nonce, i.Transactions.Select(t => t.Hash).ToList(),
        i.Receipt?.TransactionHash, i.Receipt?.BlockNumber, i.LastError, i.Created, i.Updated, i.History);
}

/// <summary>The chain layer's state.</summary>
public sealed record ChainStatus(IndexerStatus Indexer, OutboxStatus? Outbox);

/// <summary>How far the indexer is.</summary>
public sealed record IndexerStatus(bool Running, long? LastBlock, long? Head, int? RangeBlocks, long? Events, string? LastError);

/// <summary>The outbox's sender and work.</summary>
public sealed record OutboxStatus(string Sender, int Confirmations, int Unfinished);

/// <summary>A request to publish a dataset version: hex is 0x-prefixed, totalShares and price are decimal strings.</summary>
public sealed record PublishVersionRequest(
    string? Key, ulong? DatasetId, string? ImagesRoot, string? SharesRoot, string? TotalShares, string? Price, string? Token, string? ManifestCid);
