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

    /// <summary>
    /// The active stake, the figure that weighs votes (the contract's <c>activeStakeOf</c>),
    /// replayed from the events in chain order: a stake adds to it, an unstake request moves from
    /// it into the cooldown, and a slash takes from it first, then from the cooldown, as the
    /// contract does.
    /// </summary>
    public BigInteger Active
    {
        get
        {
            BigInteger active = 0, pending = 0;
            foreach (var e in Events.OrderBy(e => e.BlockNumber).ThenBy(e => e.LogIndex))
            {
                var amount = e.Amount ?? 0;
                switch (e.Kind)
                {
                    case ChainEventKind.Staked:
                        active += amount;
                        break;
                    case ChainEventKind.UnstakeRequested:
                        active -= amount;
                        pending += amount;
                        break;
                    case ChainEventKind.Unstaked:
                        pending -= amount;
                        break;
                    case ChainEventKind.Slashed:
                        var fromActive = BigInteger.Min(amount, active);
                        active -= fromActive;
                        pending -= amount - fromActive;
                        break;
                }
            }

            return active;
        }
    }
}
