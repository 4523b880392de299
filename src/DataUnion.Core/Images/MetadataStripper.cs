namespace DataUnion.Core.Images;

/// <summary>
/// Removes metadata from contributed images without touching their image data: no re-encode, so
/// the pixels a decoder produces are exactly the input's. What goes: EXIF (GPS above all), XMP,
/// IPTC and Photoshop resources, comments and maker notes in JPEG; text, time and EXIF chunks in
/// PNG; EXIF and XMP chunks in WebP; and any chunk or segment a decoder does not need. What stays:
/// the image data, the ICC profile, and what decoding depends on (JPEG's Adobe and JFIF segments,
/// PNG's colour and transparency chunks, WebP's animation chunks). The EXIF orientation is read
/// before it goes and returned, not applied. The structure is checked on the way: a truncated
/// file, a bad PNG checksum or bytes after the image's end (a polyglot) are refused.
/// </summary>
public static partial class MetadataStripper
{
    /// <summary>The kind of image <paramref name="bytes"/> start as, or null when none accepted.</summary>
    public static ImageKind? Sniff(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? ImageKind.Jpeg
        : bytes.StartsWith(PngSignature) ? ImageKind.Png
        : bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? ImageKind.WebP
        : null;

    /// <summary>Strips <paramref name="image"/>, whose kind is decided by its bytes.</summary>
    /// <exception cref="ImageFormatException">The bytes are not a well-formed JPEG, PNG or WebP file.</exception>
    public static StrippedImage Strip(ReadOnlySpan<byte> image) => Sniff(image) switch
    {
        ImageKind.Jpeg => StripJpeg(image),
        ImageKind.Png => StripPng(image),
        ImageKind.WebP => StripWebP(image),
        _ => throw new ImageFormatException("the bytes are not a JPEG, PNG or WebP image (whatever the file is called)"),
    };
}
