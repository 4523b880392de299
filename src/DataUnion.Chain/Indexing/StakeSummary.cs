using System.Numerics;

namespace DataUnion.Chain.Indexing;

/// <summary>A labeler's stake from the indexed events, in token base units.</summary>
/// <param name="Labeler">The labeler (lower-case).</param>
/// <param name="Staked">Everything staked.</param>
/// <param name="UnstakeRequested">Everything moved into the cooldown.</param>
/// <param name="Withdrawn">Everything withdrawn after the cooldown.</param>
/// <param name="Slashed">Everything slashed.</param>
/// <param name="Events">The events, oldest first.</param>
public sealed record StakeSummary(string Labeler, BigInteger Staked, BigInteger UnstakeRequested, BigInteger Withdrawn, BigInteger Slashed, IReadOnlyList<ChainEvent> Events)
{
    /// <summary>Still held by the contract for the labeler (active plus cooling down): staked − withdrawn − slashed.</summary>
    public BigInteger Held => Staked - Withdrawn - Slashed;
}
