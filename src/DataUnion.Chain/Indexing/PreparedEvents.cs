using LiteDB;

namespace DataUnion.Chain.Indexing;

/// <summary>Events turned into the documents of the event index (<see cref="ChainEventStore.Prepare"/>), ready to commit.</summary>
public sealed class PreparedEvents
{
    /// <summary>The market's documents, a block (part) each.</summary>
    internal List<BsonDocument> Market { get; } = [];

    /// <summary>The staking contract's documents, a block (part) each.</summary>
    internal List<BsonDocument> Staking { get; } = [];

    /// <summary>How many events.</summary>
    public int Events { get; internal set; }

    /// <summary>Appends <paramref name="more"/>, whose blocks follow these in the chain.</summary>
    public void Add(PreparedEvents more)
    {
        ArgumentNullException.ThrowIfNull(more);
        Market.AddRange(more.Market);
        Staking.AddRange(more.Staking);
        Events += more.Events;
    }
}
