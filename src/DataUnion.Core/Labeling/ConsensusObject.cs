namespace DataUnion.Core.Labeling;

/// <summary>An object the crowd agreed on, or a candidate it dropped.</summary>
/// <param name="Label">Its class.</param>
/// <param name="Box">The fused box: each edge the noise-weighted, outlier-robust estimate from its supporters' boxes.</param>
/// <param name="Confidence">Share of the image's voting power behind it, 0 to 1: the economic weight of the decision.</param>
/// <param name="Supporters">Labelers whose box is in it, each with their box and its IoU to the fused box.</param>
/// <param name="Posterior">The crowd model's probability that it is a real object, 0 to 1: what decides whether it is kept.</param>
public sealed record ConsensusObject(string Label, Box Box, double Confidence, IReadOnlyList<Supporter> Supporters, double Posterior = 1);

/// <summary>A labeler's box in a consensus object.</summary>
/// <param name="Labeler">Who drew it.</param>
/// <param name="Box">Their box.</param>
/// <param name="IoU">Its IoU to the fused box.</param>
public readonly record struct Supporter(string Labeler, Box Box, double IoU);
