namespace DataUnion.Core.Labeling;

/// <summary>
/// Voting power = f(reputation) × g(stake). f = min(1, reputation / <see cref="FullReputation"/>)²:
/// it falls steeply below that mark, so a labeler who fails gold counts for little whatever they
/// hold, and is flat above it, so good labelers weigh the same and their boxes average as many
/// (unequal weights among equally good labelers would blur the fused box). g is a capped square
/// root of the stake, so stake helps but cannot buy the consensus.
/// </summary>
public sealed record VotingPower
{
    /// <summary>Stake (in token base units) that doubles g: g = 1 + √(stake / unit). Default 10^18 (one token).</summary>
    public double StakeUnit { get; init; } = 1e18;

    /// <summary>Highest g. Default 3: a large stake triples a vote, never more.</summary>
    public double StakeCap { get; init; } = 3;

    /// <summary>
    /// Reputation from which f is 1. Default 0.6: 7 passes in 10 gold answers (smoothed, 0.64)
    /// make a labeler a full voter, while one who never passes (0.14 after 10) keeps f ≈ 0.06.
    /// </summary>
    public double FullReputation { get; init; } = 0.6;

    /// <summary>Smallest voting power, so a new labeler's answer still counts a little. Default 0.001.</summary>
    public double Floor { get; init; } = 0.001;

    /// <summary>The voting power for <paramref name="reputation"/> (0 to 1) and <paramref name="stake"/> (token base units, not negative).</summary>
    public double Of(double reputation, double stake)
    {
        if (!double.IsFinite(reputation) || reputation < 0 || reputation > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(reputation), reputation, "reputation must be between 0 and 1");
        }

        if (!double.IsFinite(stake) || stake < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stake), stake, "stake must be a finite amount, not negative");
        }

        var g = Math.Min(StakeCap, 1 + Math.Sqrt(stake / StakeUnit));
        var f = Math.Min(1, reputation / FullReputation);
        return Math.Max(Floor, f * f * g);
    }
}
