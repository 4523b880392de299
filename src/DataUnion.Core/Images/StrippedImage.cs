namespace DataUnion.Core.Images;

/// <summary>An image with its metadata removed, as <see cref="MetadataStripper"/> returns it.</summary>
/// <param name="Kind">Its format.</param>
/// <param name="Bytes">The image without metadata; its image data is the input's, byte for byte.</param>
/// <param name="Orientation">
/// The EXIF orientation the input carried (1–8; 1 when none): not applied to the pixels, recorded so
/// that viewers can rotate.
/// </param>
/// <param name="Removed">What was taken out, in order (for example <c>EXIF</c>, <c>XMP</c>, <c>tEXt</c>).</param>
public sealed record StrippedImage(ImageKind Kind, byte[] Bytes, int Orientation, IReadOnlyList<string> Removed);
