using System.Globalization;
using System.Numerics;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Contracts.LabelerStaking;
using DataUnion.Chain.Rpc;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace DataUnion.Chain.Indexing;

/// <summary>
/// Turns the followed contracts' logs into <see cref="ChainEvent"/>s. The topics come from the
/// generated event types; the ABI words are read straight from the log (Nethereum's reflective
/// decoder costs about 100 µs a log, and zero-fills short data instead of refusing it), and a
/// test checks every event against Nethereum's decoding. Each log's shape is checked exactly:
/// topic count, data length, address and small-integer words.
/// </summary>
public sealed partial class EventDecoder
{
    /// <summary>Log indexes are below this: a block's gas limit allows far fewer logs.</summary>
    public const long MaxLogIndex = 1_000_000;

    private readonly Dictionary<string, (ChainEventKind Kind, string Contract)> _byTopic;

    /// <summary>Creates a decoder for the market at <paramref name="market"/> and the staking contract at <paramref name="staking"/>.</summary>
    public EventDecoder(string market, string staking)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(market);
        ArgumentException.ThrowIfNullOrWhiteSpace(staking);
        Market = market.ToLowerInvariant();
        Staking = staking.ToLowerInvariant();
        _byTopic = new Dictionary<string, (ChainEventKind, string)>(StringComparer.OrdinalIgnoreCase)
        {
            [Topic<VersionPublishedEventDTO>()] = (ChainEventKind.VersionPublished, Market),
            [Topic<VersionRetiredEventDTO>()] = (ChainEventKind.VersionRetired, Market),
            [Topic<PurchasedEventDTO>()] = (ChainEventKind.Purchased, Market),
            [Topic<ClaimedEventDTO>()] = (ChainEventKind.Claimed, Market),
            [Topic<StakedEventDTO>()] = (ChainEventKind.Staked, Staking),
            [Topic<UnstakeRequestedEventDTO>()] = (ChainEventKind.UnstakeRequested, Staking),
            [Topic<UnstakedEventDTO>()] = (ChainEventKind.Unstaked, Staking),
            [Topic<SlashedEventDTO>()] = (ChainEventKind.Slashed, Staking),
        };
    }

    /// <summary>The market address (lower-case).</summary>
    public string Market { get; }

    /// <summary>The staking address (lower-case).</summary>
    public string Staking { get; }

    /// <summary>Topic 0 of every followed event, for the <c>eth_getLogs</c> filter.</summary>
    public IReadOnlyCollection<string> Topics => _byTopic.Keys;

    /// <summary>Decodes a log the filter returned.</summary>
    /// <exception cref="FormatException">The log is not one of the followed events of the followed contracts, or is malformed.</exception>
    public ChainEvent Decode(ChainLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var topic0 = log.Topics is { Count: > 0 } ? log.Topics[0] : null;
        if (topic0 is null || !_byTopic.TryGetValue(topic0, out var entry))
        {
            throw new FormatException($"log {log.TransactionHash}#{log.LogIndex} has topic {topic0 ?? "(none)"}, which is not a followed event");
        }

        if (!string.Equals(log.Address, entry.Contract, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"log {log.TransactionHash}#{log.LogIndex} ({entry.Kind}) comes from {log.Address}, not {entry.Contract}");
        }

        if (string.IsNullOrEmpty(log.BlockHash) || string.IsNullOrEmpty(log.TransactionHash))
        {
            throw new FormatException($"a {entry.Kind} log lacks its block hash or transaction hash");
        }

        if (log.LogIndex >= MaxLogIndex || log.BlockNumber >= long.MaxValue / MaxLogIndex)
        {
            throw new FormatException($"log {log.TransactionHash} has log index {log.LogIndex} in block {log.BlockNumber}; no block holds that many logs");
        }

        Decoded decoded;
        try
        {
            decoded = Read(entry.Kind, new Words(log));
        }
        catch (FormatException ex)
        {
            throw new FormatException($"log {log.TransactionHash}#{log.LogIndex} is not a well-formed {entry.Kind}: {ex.Message}", ex);
        }

        return new ChainEvent(
            entry.Kind,
            log.BlockNumber,
            log.BlockHash.ToLowerInvariant(),
            log.TransactionHash.ToLowerInvariant(),
            log.LogIndex,
            entry.Contract,
            decoded.VersionId,
            decoded.Account,
            decoded.Amount,
            decoded.Fields);
    }

    private static Decoded Read(ChainEventKind kind, Words w)
    {
        switch (kind)
        {
            case ChainEventKind.VersionPublished:
                // (uint256 indexed versionId, uint64 indexed datasetId, address indexed token, bytes32 imagesRoot,
                //  bytes32 sharesRoot, uint256 totalShares, uint256 price, uint16 feeBps, bytes manifestCid)
                w.ExpectAtLeast(topics: 4, words: 8);
                return new Decoded(w.TopicUint(1), w.TopicAddress(3), w.DataUint(3), new()
                {
                    ["datasetId"] = Text(w.TopicUint(2, bits: 64)),
                    ["imagesRoot"] = w.DataHex(0),
                    ["sharesRoot"] = w.DataHex(1),
                    ["totalShares"] = Text(w.DataUint(2)),
                    ["feeBps"] = Text(w.DataUint(4, bits: 16)),
                    ["manifestCid"] = w.DynamicBytes(offsetWord: 5, staticWords: 6),
                });
            case ChainEventKind.VersionRetired:
                w.Expect(topics: 2, words: 0);
                return new Decoded(w.TopicUint(1), null, null, []);
            case ChainEventKind.Purchased:
                w.Expect(topics: 3, words: 2);
                return new Decoded(w.TopicUint(1), w.TopicAddress(2), w.DataUint(0), new() { ["fee"] = Text(w.DataUint(1)) });
            case ChainEventKind.Claimed:
                w.Expect(topics: 3, words: 2);
                return new Decoded(w.TopicUint(1), w.TopicAddress(2), w.DataUint(1), new() { ["recipient"] = w.DataAddress(0) });
            case ChainEventKind.Staked:
                w.Expect(topics: 2, words: 2);
                return new Decoded(null, w.TopicAddress(1), w.DataUint(0), new() { ["active"] = Text(w.DataUint(1)) });
            case ChainEventKind.UnstakeRequested:
                w.Expect(topics: 2, words: 2);
                return new Decoded(null, w.TopicAddress(1), w.DataUint(0), new() { ["unlockAt"] = Text(w.DataUint(1, bits: 64)) });
            case ChainEventKind.Unstaked:
                w.Expect(topics: 2, words: 1);
                return new Decoded(null, w.TopicAddress(1), w.DataUint(0), []);
            default:
                // Slashed(address indexed labeler, address indexed slasher, uint256 amount, uint16 bps, bytes32 indexed reasonHash)
                w.Expect(topics: 4, words: 2);
                return new Decoded(null, w.TopicAddress(1), w.DataUint(0), new()
                {
                    ["slasher"] = w.TopicAddress(2),
                    ["bps"] = Text(w.DataUint(1, bits: 16)),
                    ["reasonHash"] = w.TopicHex(3),
                });
        }
    }

    private static string Topic<T>()
        where T : IEventDTO => "0x" + ABITypedRegistry.GetEvent<T>().Sha3Signature.ToLowerInvariant();

    private static string Text(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Decoded(BigInteger? VersionId, string? Account, BigInteger? Amount, Dictionary<string, string> Fields);
}
