namespace DataUnion.Core.Fairness;

/// <summary>The Wilson score interval of a proportion, which stays inside [0, 1] and behaves for small counts and shares near 0 or 1.</summary>
public static class Wilson
{
    /// <summary>The normal quantile of a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The interval of <paramref name="successes"/> out of <paramref name="trials"/>.</summary>
    /// <param name="successes">Count in the group (0 ≤ successes ≤ trials).</param>
    /// <param name="trials">Count in all (&gt; 0).</param>
    /// <param name="z">The normal quantile; <see cref="Z95"/> by default.</param>
    public static Interval Interval(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trials);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);

        double n = trials;
        var p = successes / n;
        var z2 = z * z;
        var denominator = 1 + (z2 / n);
        var centre = (p + (z2 / (2 * n))) / denominator;
        var half = z / denominator * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return new Interval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
