namespace DataUnion.Core.Labeling;

/// <summary>One image of a bundle, as the labeler sees it.</summary>
/// <param name="Image">Image id.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record BundleItem(string Image, double Width, double Height);
