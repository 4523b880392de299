namespace DataUnion.Core.Labeling;

/// <summary>One labeler's answer for one image: every object they saw (none is an answer too).</summary>
/// <param name="Labeler">Who (a wallet address or any stable id).</param>
/// <param name="Boxes">Their boxes; empty when they say the image has no objects.</param>
public sealed record Submission(string Labeler, IReadOnlyList<LabeledBox> Boxes);
