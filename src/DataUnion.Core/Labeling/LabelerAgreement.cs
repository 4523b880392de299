namespace DataUnion.Core.Labeling;

/// <summary>How one labeler's answer for an image agrees with the consensus.</summary>
/// <param name="Labeler">The labeler.</param>
/// <param name="Match">Their boxes against the consensus objects (extra: boxes in no consensus object; missed: objects they did not box).</param>
public sealed record LabelerAgreement(string Labeler, ObjectMatch Match);
