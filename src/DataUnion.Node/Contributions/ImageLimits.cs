using System.ComponentModel.DataAnnotations;

namespace DataUnion.Node.Contributions;

/// <summary>
/// Settings of the <c>Contributions:Images</c> section: what a contributed image may be. The size
/// limits are checked on the file's header, before anything is decoded, so a small file that
/// declares a huge image (a decompression bomb) is refused without allocating for it.
/// </summary>
public sealed class ImageLimits
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Contributions:Images";

    /// <summary>Largest file, in bytes. Default 20 MiB.</summary>
    [Range(1L, 256L * 1024 * 1024, ErrorMessage = "Contributions:Images:MaxBytes must be between 1 byte and 256 MiB")]
    public long MaxBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Largest width or height, in pixels. Default 12,000.</summary>
    [Range(1, 65_535, ErrorMessage = "Contributions:Images:MaxDimension must be between 1 and 65535")]
    public int MaxDimension { get; set; } = 12_000;

    /// <summary>Most pixels (width × height). Default 50 million, a 50-megapixel camera.</summary>
    [Range(1L, 1_000_000_000L, ErrorMessage = "Contributions:Images:MaxPixels must be between 1 and 1000000000")]
    public long MaxPixels { get; set; } = 50_000_000;
}
