namespace DataUnion.Core.Labeling;

/// <summary>A labeler's boxes for one image of a bundle (none when the image shows nothing of the domain's classes).</summary>
/// <param name="Image">Image id.</param>
/// <param name="Boxes">The boxes.</param>
public sealed record ItemAnswer(string Image, IReadOnlyList<LabeledBox> Boxes);
