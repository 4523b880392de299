using System.Globalization;
using System.Numerics;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Contracts.LabelerStaking;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;

namespace DataUnion.Chain.Indexing;

/// <summary>Turns the followed contracts' logs into <see cref="ChainEvent"/>s with the generated event types.</summary>
public sealed class EventDecoder
{
    private readonly Dictionary<string, (ChainEventKind Kind, string Contract, Func<FilterLog, Decoded> Decode)> _byTopic;

    /// <summary>Creates a decoder for the market at <paramref name="market"/> and the staking contract at <paramref name="staking"/>.</summary>
    public EventDecoder(string market, string staking)
    {
        Market = market.ToLowerInvariant();
        Staking = staking.ToLowerInvariant();
        _byTopic = new Dictionary<string, (ChainEventKind, string, Func<FilterLog, Decoded>)>(StringComparer.OrdinalIgnoreCase)
        {
            [Topic<VersionPublishedEventDTO>()] = (ChainEventKind.VersionPublished, Market, l => Decode<VersionPublishedEventDTO>(l, e => new(e.VersionId, e.Token, e.Price, new()
            {
                ["datasetId"] = Text(e.DatasetId),
                ["imagesRoot"] = e.ImagesRoot.ToHex(true),
                ["sharesRoot"] = e.SharesRoot.ToHex(true),
                ["totalShares"] = Text(e.TotalShares),
                ["feeBps"] = Text(e.FeeBps),
                ["manifestCid"] = e.ManifestCid.ToHex(true),
            }))),
            [Topic<VersionRetiredEventDTO>()] = (ChainEventKind.VersionRetired, Market, l => Decode<VersionRetiredEventDTO>(l, e => new(e.VersionId, null, null, []))),
            [Topic<PurchasedEventDTO>()] = (ChainEventKind.Purchased, Market, l => Decode<PurchasedEventDTO>(l, e => new(e.VersionId, e.Buyer, e.Price, new() { ["fee"] = Text(e.Fee) }))),
            [Topic<ClaimedEventDTO>()] = (ChainEventKind.Claimed, Market, l => Decode<ClaimedEventDTO>(l, e => new(e.VersionId, e.Account, e.Amount, new() { ["recipient"] = e.Recipient.ToLowerInvariant() }))),
            [Topic<StakedEventDTO>()] = (ChainEventKind.Staked, Staking, l => Decode<StakedEventDTO>(l, e => new(null, e.Labeler, e.Amount, new() { ["active"] = Text(e.Active) }))),
            [Topic<UnstakeRequestedEventDTO>()] = (ChainEventKind.UnstakeRequested, Staking, l => Decode<UnstakeRequestedEventDTO>(l, e => new(null, e.Labeler, e.Amount, new() { ["unlockAt"] = Text(e.UnlockAt) }))),
            [Topic<UnstakedEventDTO>()] = (ChainEventKind.Unstaked, Staking, l => Decode<UnstakedEventDTO>(l, e => new(null, e.Labeler, e.Amount, []))),
            [Topic<SlashedEventDTO>()] = (ChainEventKind.Slashed, Staking, l => Decode<SlashedEventDTO>(l, e => new(null, e.Labeler, e.Amount, new()
            {
                ["slasher"] = e.Slasher.ToLowerInvariant(),
                ["bps"] = Text(e.Bps),
                ["reasonHash"] = e.ReasonHash.ToHex(true),
            }))),
        };
    }

    /// <summary>The market address (lower-case).</summary>
    public string Market { get; }

    /// <summary>The staking address (lower-case).</summary>
    public string Staking { get; }

    /// <summary>Topic 0 of every followed event, for the <c>eth_getLogs</c> filter.</summary>
    public IReadOnlyCollection<string> Topics => _byTopic.Keys;

    /// <summary>Decodes a log the filter returned.</summary>
    /// <exception cref="FormatException">The log is not one of the followed events of the followed contracts, or does not decode.</exception>
    public ChainEvent Decode(FilterLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var topic0 = log.Topics is { Length: > 0 } ? log.Topics[0]?.ToString() : null;
        if (topic0 is null || !_byTopic.TryGetValue(topic0, out var entry))
        {
            throw new FormatException($"log {log.TransactionHash}#{log.LogIndex?.Value} has topic {topic0 ?? "(none)"}, which is not a followed event");
        }

        if (!string.Equals(log.Address, entry.Contract, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"log {log.TransactionHash}#{log.LogIndex?.Value} ({entry.Kind}) comes from {log.Address}, not {entry.Contract}");
        }

        if (log.BlockNumber is null || log.LogIndex is null || string.IsNullOrEmpty(log.BlockHash) || string.IsNullOrEmpty(log.TransactionHash))
        {
            throw new FormatException($"a {entry.Kind} log lacks its block number, block hash, transaction hash or log index");
        }

        Decoded decoded;
        try
        {
            decoded = entry.Decode(log);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new FormatException($"log {log.TransactionHash}#{log.LogIndex.Value} does not decode as {entry.Kind}: {ex.Message}", ex);
        }

        return new ChainEvent(
            entry.Kind,
            (long)log.BlockNumber.Value,
            log.BlockHash.ToLowerInvariant(),
            log.TransactionHash.ToLowerInvariant(),
            (long)log.LogIndex.Value,
            entry.Contract,
            decoded.VersionId,
            decoded.Account?.ToLowerInvariant(),
            decoded.Amount,
            decoded.Fields);
    }

    private static string Topic<T>()
        where T : IEventDTO => "0x" + ABITypedRegistry.GetEvent<T>().Sha3Signature.ToLowerInvariant();

    /// <summary>
    /// Checks the shape Nethereum does not: one topic per indexed parameter, and data of whole
    /// words with at least one word per other parameter (Nethereum zero-fills short data).
    /// </summary>
    private static Decoded Decode<T>(FilterLog log, Func<T, Decoded> map)
        where T : IEventDTO, new()
    {
        var abi = ABITypedRegistry.GetEvent<T>();
        var indexed = abi.InputParameters.Count(p => p.Indexed);
        if (log.Topics.Length != indexed + 1)
        {
            throw new FormatException($"{log.Topics.Length} topics, expected {indexed + 1}");
        }

        var dataBytes = string.IsNullOrEmpty(log.Data) ? 0 : (log.Data.Length - (log.Data.StartsWith("0x", StringComparison.Ordinal) ? 2 : 0)) / 2;
        var minimum = 32 * (abi.InputParameters.Length - indexed);
        if (dataBytes % 32 != 0 || dataBytes < minimum)
        {
            throw new FormatException($"{dataBytes} bytes of data, expected whole 32-byte words and at least {minimum}");
        }

        return map(log.DecodeEvent<T>().Event);
    }

    private static string Text(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Decoded(BigInteger? VersionId, string? Account, BigInteger? Amount, Dictionary<string, string> Fields);
}
