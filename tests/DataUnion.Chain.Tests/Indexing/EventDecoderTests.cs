using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Indexing;
using DataUnion.Chain.Rpc;
using Nethereum.Contracts;

namespace DataUnion.Chain.Tests.Indexing;

/// <summary>Logs an RPC endpoint could hand the indexer that must not become events.</summary>
public sealed class EventDecoderTests
{
    private const string Market = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
    private const string Staking = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0";
    private static readonly string PurchasedTopic = "0x" + ABITypedRegistry.GetEvent<PurchasedEventDTO>().Sha3Signature;

    [Fact]
    public void Decode_PurchasedLog_GivesBuyerVersionPriceAndFee()
    {
        var sut = CreateSut();

        var decoded = sut.Decode(PurchasedLog(Market, Word(10) + Word(3)));

        Assert.Equal(ChainEventKind.Purchased, decoded.Kind);
        Assert.Equal(7, decoded.VersionId);
        Assert.Equal("0x70997970c51812dc3a010c7d01b50e0d17dc79c8", decoded.Account);
        Assert.Equal(10, decoded.Amount);
        Assert.Equal("3", decoded.Fields["fee"]);
    }

    [Fact]
    public void Decode_FollowedEventFromAnotherContract_IsRefused()
    {
        var ex = Assert.Throws<FormatException>(() => CreateSut().Decode(PurchasedLog(Staking, Word(10) + Word(3))));

        Assert.Contains($"comes from {Staking}, not {Market}", ex.Message);
    }

    [Fact]
    public void Decode_UnknownTopic_IsRefused()
    {
        var log = PurchasedLog(Market, Word(1));
        log = log with { Topics = ["0x" + new string('a', 64), .. log.Topics.Skip(1)] };

        var ex = Assert.Throws<FormatException>(() => CreateSut().Decode(log));

        Assert.Contains("which is not a followed event", ex.Message);
    }

    [Fact]
    public void Decode_TruncatedData_IsRefusedNamingTheEvent()
    {
        var ex = Assert.Throws<FormatException>(() => CreateSut().Decode(PurchasedLog(Market, "0x1234")));

        Assert.Contains("is not a well-formed Purchased: 2 bytes of data, expected 64", ex.Message);
    }

    [Fact]
    public void Decode_BuyerTopicThatIsNotAnAddress_IsRefused()
    {
        var log = PurchasedLog(Market, Word(10) + Word(3));
        log = log with { Topics = [.. log.Topics.Take(2), "0x" + new string('f', 64)] };

        var ex = Assert.Throws<FormatException>(() => CreateSut().Decode(log));

        Assert.Contains("topic 2 is not an address", ex.Message);
    }

    [Fact]
    public void Decode_ExtraTopic_IsRefused()
    {
        var log = PurchasedLog(Market, Word(10) + Word(3));
        log = log with { Topics = [.. log.Topics, "0x" + Word(1)] };

        var ex = Assert.Throws<FormatException>(() => CreateSut().Decode(log));

        Assert.Contains("4 topics, expected 3", ex.Message);
    }

    [Fact]
    public void Decode_LogWithoutBlockHash_IsRefused()
    {
        var log = PurchasedLog(Market, Word(10) + Word(3)) with { BlockHash = string.Empty };

        var ex = Assert.Throws<FormatException>(() => CreateSut().Decode(log));

        Assert.Contains("lacks its block hash", ex.Message);
    }

    [Fact]
    public void Decode_LogIndexNoBlockCouldHold_IsRefused()
    {
        var log = PurchasedLog(Market, Word(10) + Word(3)) with { LogIndex = EventDecoder.MaxLogIndex };

        var ex = Assert.Throws<FormatException>(() => CreateSut().Decode(log));

        Assert.Contains("no block holds that many logs", ex.Message);
    }

    private static EventDecoder CreateSut() => new(Market, Staking);

    private static ChainLog PurchasedLog(string address, string data) => new(
        address,
        [PurchasedTopic, "0x" + Word(7), "0x000000000000000000000000" + "70997970c51812dc3a010c7d01b50e0d17dc79c8"],
        data.StartsWith("0x", StringComparison.Ordinal) ? data : "0x" + data,
        BlockNumber: 5,
        BlockHash: "0x" + new string('b', 64),
        TransactionHash: "0x" + new string('c', 64),
        LogIndex: 0,
        Removed: false);

    private static string Word(int value) => value.ToString("x64");
}
