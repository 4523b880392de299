namespace DataUnion.Core.Images;

/// <summary>The image formats contributions are accepted in, told apart by their bytes.</summary>
public enum ImageKind
{
    /// <summary>JPEG (JFIF or EXIF).</summary>
    Jpeg,

    /// <summary>PNG.</summary>
    Png,

    /// <summary>WebP (lossy, lossless or extended).</summary>
    WebP,
}
