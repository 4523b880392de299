using DataUnion.Core.Images;

namespace DataUnion.Node.Contributions;

/// <summary>An image <see cref="ImageIntake"/> took: stripped, with its size in pixels.</summary>
/// <param name="Image">The stripped image.</param>
/// <param name="Width">Width in pixels (before any EXIF orientation is applied).</param>
/// <param name="Height">Height in pixels.</param>
public sealed record AcceptedImage(StrippedImage Image, int Width, int Height);
