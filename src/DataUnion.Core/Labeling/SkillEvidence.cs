namespace DataUnion.Core.Labeling;

/// <summary>
/// The counts a labeler's skill is estimated from (the sufficient statistics of the crowd model),
/// each weighted by how sure the model is: objects they boxed and missed, candidates without an
/// object they boxed and left alone, and for the boxes they drew on objects, the sum and the sum of
/// squares of each edge's offset from the object's, as a fraction of its size. Gold answers add
/// certain counts against the expert's boxes; other images add the consensus's posteriors. Objects
/// that are hard to see (small, occluded: the crowd mostly misses them) are counted apart, so that
/// they do not make everyone look careless and the easy objects' misses stay informative.
/// </summary>
public sealed class SkillEvidence
{
    /// <summary>An edge further off than this (in object sizes) counts as this far: one wild box must not decide a labeler's noise.</summary>
    public const double MaxOffset = 1;

    private readonly double[] _weight = new double[BoxSides.Count];
    private readonly double[] _sum = new double[BoxSides.Count];
    private readonly double[] _squares = new double[BoxSides.Count];
    private readonly double[] _expertWeight = new double[BoxSides.Count];
    private readonly double[] _expertSum = new double[BoxSides.Count];

    /// <summary>Objects they boxed (expected count).</summary>
    public double Boxed { get; private set; }

    /// <summary>Objects they missed (expected count).</summary>
    public double Missed { get; private set; }

    /// <summary>Candidates without an object that they boxed (expected count).</summary>
    public double FalseBoxes { get; private set; }

    /// <summary>Candidates without an object that they left alone (expected count).</summary>
    public double Abstained { get; private set; }

    /// <summary>Objects hard to see, in images they answered (expected count).</summary>
    public double Hard { get; private set; }

    /// <summary>Objects hard to see that they boxed (expected count).</summary>
    public double HardBoxed { get; private set; }

    /// <summary>Edge offsets counted (expected count; the same for every side).</summary>
    public double Edges => _weight[0];

    /// <summary>
    /// A candidate in an image they answered, boxed by them or not: a plain object with probability
    /// <paramref name="plain"/>, an object hard to see with probability <paramref name="hard"/>,
    /// otherwise no object.
    /// </summary>
    public void AddCandidate(double plain, double hard, bool boxed)
    {
        var none = Math.Max(0, 1 - plain - hard);
        Hard += hard;
        if (boxed)
        {
            Boxed += plain;
            HardBoxed += hard;
            FalseBoxes += none;
        }
        else
        {
            Missed += plain;
            Abstained += none;
        }
    }

    /// <summary>
    /// Their <paramref name="box"/> on an object whose box is <paramref name="reference"/>, counted
    /// with <paramref name="weight"/>; <paramref name="expert"/> when the reference is an expert's,
    /// which is the only evidence of how the whole crowd's boxes sit against the truth.
    /// </summary>
    public void AddBox(in Box box, in Box reference, double weight, bool expert = false)
    {
        for (var side = 0; side < BoxSides.Count; side++)
        {
            var offset = Math.Clamp((BoxSides.EdgeOf(box, side) - BoxSides.EdgeOf(reference, side)) / BoxSides.ScaleOf(reference, side), -MaxOffset, MaxOffset);
            _weight[side] += weight;
            _sum[side] += weight * offset;
            _squares[side] += weight * offset * offset;
            if (expert)
            {
                _expertWeight[side] += weight;
                _expertSum[side] += weight * offset;
            }
        }
    }

    /// <summary>Adds every count of <paramref name="other"/>.</summary>
    public void Add(SkillEvidence other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Boxed += other.Boxed;
        Missed += other.Missed;
        FalseBoxes += other.FalseBoxes;
        Abstained += other.Abstained;
        Hard += other.Hard;
        HardBoxed += other.HardBoxed;
        for (var side = 0; side < BoxSides.Count; side++)
        {
            _weight[side] += other._weight[side];
            _sum[side] += other._sum[side];
            _squares[side] += other._squares[side];
            _expertWeight[side] += other._expertWeight[side];
            _expertSum[side] += other._expertSum[side];
        }
    }

    /// <summary>
    /// The skill these counts support, each figure drawn towards <paramref name="prior"/> (the
    /// crowd's) by the prior's strength in pseudo-counts: a labeler with few answers borrows from
    /// the crowd, one with many speaks for themselves.
    /// </summary>
    public LabelerSkill Estimate(LabelerSkill prior, SkillPriors strength)
    {
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentNullException.ThrowIfNull(strength);
        var miss = Rate(Missed, Boxed + Missed, prior.MissRate, strength.Rates);
        var falseBox = Rate(FalseBoxes, FalseBoxes + Abstained, prior.FalseBoxRate, strength.Rates);
        Span<double> bias = stackalloc double[BoxSides.Count];
        Span<double> noise = stackalloc double[BoxSides.Count];
        for (var side = 0; side < BoxSides.Count; side++)
        {
            var n = _weight[side];
            bias[side] = ((strength.Bias * prior.Bias[side]) + _sum[side]) / (strength.Bias + n);
            // Squares about this labeler's own mean offset, then the crowd's variance as ν pseudo-edges.
            var spread = Math.Max(0, _squares[side] - (2 * bias[side] * _sum[side]) + (n * bias[side] * bias[side]));
            var variance = ((strength.Noise * prior.Noise[side] * prior.Noise[side]) + spread) / (strength.Noise + n);
            noise[side] = Math.Clamp(Math.Sqrt(variance), strength.MinNoise, MaxOffset);
        }

        return new LabelerSkill(miss, falseBox, BoxSides.From(noise), BoxSides.From(bias));
    }

    /// <summary>Their mean edge offset from the reference boxes, every edge counted (none without edges).</summary>
    public BoxSides MeanOffset => new(Mean(0), Mean(1), Mean(2), Mean(3));

    private double Mean(int side) => _weight[side] > 0 ? _sum[side] / _weight[side] : 0;

    /// <summary>Their mean edge offset from the expert's boxes, drawn towards none by <paramref name="strength"/> pseudo-edges.</summary>
    public BoxSides ExpertBias(double strength)
    {
        Span<double> bias = stackalloc double[BoxSides.Count];
        for (var side = 0; side < BoxSides.Count; side++)
        {
            bias[side] = _expertSum[side] / (strength + _expertWeight[side]);
        }

        return BoxSides.From(bias);
    }

    private static double Rate(double events, double trials, double prior, double strength) =>
        Math.Clamp(((strength * prior) + events) / (strength + trials), SkillPriors.MinRate, 1 - SkillPriors.MinRate);

    private const int Counts = 6;

    private const int Arrays = 5;

    /// <summary>The counts as plain numbers, for storage: boxed, missed, false boxes, abstained, hard, hard boxed, then per side the weight, sum and squares of the offsets and the weight and sum of those against experts.</summary>
    public double[] ToArray()
    {
        var values = new double[Counts + (Arrays * BoxSides.Count)];
        (values[0], values[1], values[2], values[3], values[4], values[5]) = (Boxed, Missed, FalseBoxes, Abstained, Hard, HardBoxed);
        _weight.CopyTo(values, Counts);
        _sum.CopyTo(values, Counts + BoxSides.Count);
        _squares.CopyTo(values, Counts + (2 * BoxSides.Count));
        _expertWeight.CopyTo(values, Counts + (3 * BoxSides.Count));
        _expertSum.CopyTo(values, Counts + (4 * BoxSides.Count));
        return values;
    }

    /// <summary>Counts stored with <see cref="ToArray"/>; an empty or missing array is no evidence.</summary>
    /// <exception cref="ArgumentException">The array has another length or holds a negative or non-finite count.</exception>
    public static SkillEvidence FromArray(IReadOnlyList<double>? values)
    {
        var evidence = new SkillEvidence();
        if (values is null || values.Count == 0)
        {
            return evidence;
        }

        if (values.Count != Counts + (Arrays * BoxSides.Count))
        {
            throw new ArgumentException($"skill evidence has {Counts + (Arrays * BoxSides.Count)} numbers, got {values.Count}", nameof(values));
        }

        if (values.Any(v => !double.IsFinite(v)) || values.Take(Counts + BoxSides.Count).Any(v => v < 0) || values.Skip(Counts + (3 * BoxSides.Count)).Take(BoxSides.Count).Any(v => v < 0))
        {
            throw new ArgumentException("skill evidence holds a negative or non-finite count", nameof(values));
        }

        (evidence.Boxed, evidence.Missed, evidence.FalseBoxes, evidence.Abstained, evidence.Hard, evidence.HardBoxed) = (values[0], values[1], values[2], values[3], values[4], values[5]);
        for (var side = 0; side < BoxSides.Count; side++)
        {
            evidence._weight[side] = values[Counts + side];
            evidence._sum[side] = values[Counts + BoxSides.Count + side];
            evidence._squares[side] = values[Counts + (2 * BoxSides.Count) + side];
            evidence._expertWeight[side] = values[Counts + (3 * BoxSides.Count) + side];
            evidence._expertSum[side] = values[Counts + (4 * BoxSides.Count) + side];
        }

        return evidence;
    }
}
