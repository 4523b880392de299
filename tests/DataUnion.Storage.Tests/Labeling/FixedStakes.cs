using DataUnion.Core.Labeling;

namespace DataUnion.Storage.Tests.Labeling;

/// <summary>A stake source with figures set by the test; it can be told to fail, like an unreachable chain.</summary>
internal sealed class FixedStakes : IStakeSource
{
    public Dictionary<string, double> Stakes { get; } = new(StringComparer.Ordinal);

    public bool Fail { get; set; }

    public double StakeOf(string labeler) =>
        Fail ? throw new InvalidOperationException("the stake source is unavailable") : Stakes.GetValueOrDefault(labeler);
}
