namespace DataUnion.Core.Labeling;

/// <summary>
/// What the crowd model believes about one labeler, learned from their answers (and from gold,
/// where there is any).
/// </summary>
/// <param name="MissRate">Probability that they leave a real object without a box, 0 to 1.</param>
/// <param name="FalseBoxRate">Probability that they draw a box where another labeler's box marks no real object, 0 to 1.</param>
/// <param name="Noise">Standard deviation of each of their edges around the object's, as a fraction of its width or height.</param>
/// <param name="Bias">Mean offset of each of their edges (positive is right or down), as a fraction of its width or height; subtracted before their box is fused.</param>
public sealed record LabelerSkill(double MissRate, double FalseBoxRate, BoxSides Noise, BoxSides Bias)
{
    /// <summary>
    /// What is assumed of a labeler before any answer: misses one object in five, draws a false box
    /// at one candidate in five, edges off by 10 % of the object's size, no bias. With this skill for
    /// everyone, an object is kept exactly when more than half of the voting power boxed it.
    /// </summary>
    public static LabelerSkill Default { get; } = new(0.2, 0.2, BoxSides.All(0.1), default);

    /// <summary>
    /// Log-likelihood ratio, object against no object, of this labeler boxing a candidate
    /// (<paramref name="boxed"/>) or answering the image without boxing it.
    /// </summary>
    public double Evidence(bool boxed) => boxed ? Math.Log((1 - MissRate) / FalseBoxRate) : Math.Log(MissRate / (1 - FalseBoxRate));
}
