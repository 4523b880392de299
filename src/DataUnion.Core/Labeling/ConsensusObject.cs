namespace DataUnion.Core.Labeling;

/// <summary>An object the crowd agreed on.</summary>
/// <param name="Label">Its class.</param>
/// <param name="Box">The fused box: coordinates averaged, weighted by each supporter's voting power.</param>
/// <param name="Confidence">Share of the image's voting power behind it, 0 to 1.</param>
/// <param name="Supporters">Labelers whose box is in it, each with the IoU of their box to the fused box.</param>
public sealed record ConsensusObject(string Label, Box Box, double Confidence, IReadOnlyList<(string Labeler, double IoU)> Supporters);
