using DataUnion.Core.Images;
using DataUnion.Testing.Images;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Iptc;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Xmp;
using SkiaSharp;
using Directory = MetadataExtractor.Directory;

namespace DataUnion.Core.Tests.Images;

/// <summary>
/// Metadata goes, image data stays: each stripped image is read back with MetadataExtractor (no
/// GPS, EXIF, XMP, IPTC or comment left) and decoded with Skia to the same pixels as the input.
/// </summary>
public sealed class MetadataStripperTests
{
    private static IReadOnlyList<Directory> Read(byte[] image) => ImageMetadataReader.ReadMetadata(new MemoryStream(image));

    private static void AssertNoPersonalMetadata(byte[] image)
    {
        var directories = Read(image);
        Assert.Empty(directories.OfType<GpsDirectory>());
        Assert.Empty(directories.OfType<ExifIfd0Directory>());
        Assert.Empty(directories.OfType<ExifSubIfdDirectory>());
        Assert.Empty(directories.OfType<XmpDirectory>());
        Assert.Empty(directories.OfType<IptcDirectory>());
        Assert.Empty(directories.OfType<JpegCommentDirectory>());
    }

    [Fact]
    public void Jpeg_WithGpsExifXmpIptcAndComment_LosesThemAll_AndDecodesToTheSamePixels()
    {
        var (original, tagged) = ImageFixtures.JpegWithMetadata();
        Assert.NotEmpty(Read(tagged).OfType<GpsDirectory>());

        var stripped = MetadataStripper.Strip(tagged);

        AssertNoPersonalMetadata(stripped.Bytes);
        Assert.Equal(ImageKind.Jpeg, stripped.Kind);
        Assert.Equal(6, stripped.Orientation);
        Assert.Equal(["EXIF", "XMP", "IPTC/Photoshop", "comment"], stripped.Removed);
        Assert.Equal(original, stripped.Bytes);
        Assert.Equal(ImageFixtures.Pixels(tagged), ImageFixtures.Pixels(stripped.Bytes));
    }

    [Fact]
    public void Jpeg_IccProfileAndAdobeSegment_AreKeptByteForByte()
    {
        var jpeg = ImageFixtures.Encode(SKEncodedImageFormat.Jpeg);
        var icc = ImageFixtures.JpegSegment(0xE2, [.. "ICC_PROFILE\0"u8, 1, 1, .. Enumerable.Range(0, 200).Select(i => (byte)i)]);
        var adobe = ImageFixtures.JpegSegment(0xEE, [.. "Adobe"u8, 0, 100, 0, 0, 0, 0, 1]);
        byte[] input = [.. jpeg[..2], .. icc, .. adobe, .. jpeg[2..]];

        var stripped = MetadataStripper.Strip(input);

        Assert.Equal(input, stripped.Bytes);
        Assert.Empty(stripped.Removed);
        Assert.Equal(1, stripped.Orientation);
    }

    [Fact]
    public void Jpeg_WithAppendedImages_KeepsThePrimaryImageOnly()
    {
        var jpeg = ImageFixtures.Encode(SKEncodedImageFormat.Jpeg);

        var stripped = MetadataStripper.Strip([.. jpeg, .. jpeg]);

        Assert.Equal(jpeg, stripped.Bytes);
        Assert.Equal(["appended images"], stripped.Removed);
    }

    [Fact]
    public void Png_WithTextTimeAndExif_LosesThem_AndDecodesToTheSamePixels()
    {
        var tagged = ImageFixtures.PngWithMetadata();
        Assert.NotEmpty(Read(tagged).OfType<GpsDirectory>());

        var stripped = MetadataStripper.Strip(tagged);

        AssertNoPersonalMetadata(stripped.Bytes);
        Assert.Equal(3, stripped.Orientation);
        Assert.Equal(["tEXt", "tIME", "eXIf"], stripped.Removed);
        Assert.Equal(ImageFixtures.Encode(SKEncodedImageFormat.Png), stripped.Bytes);
        Assert.Equal(ImageFixtures.Pixels(tagged), ImageFixtures.Pixels(stripped.Bytes));
    }

    [Fact]
    public void WebP_WithExifAndXmp_LosesThemAndTheirFlags_AndDecodesToTheSamePixels()
    {
        var (_, tagged) = ImageFixtures.WebPWithMetadata();
        Assert.NotEmpty(Read(tagged).OfType<GpsDirectory>());

        var stripped = MetadataStripper.Strip(tagged);

        AssertNoPersonalMetadata(stripped.Bytes);
        Assert.Equal(8, stripped.Orientation);
        Assert.Equal(["EXIF", "XMP"], stripped.Removed);
        Assert.Equal(0, stripped.Bytes[20] & 0x0C);
        Assert.Equal(stripped.Bytes.Length - 8, BitConverter.ToInt32(stripped.Bytes, 4));
        Assert.Equal(ImageFixtures.Pixels(tagged), ImageFixtures.Pixels(stripped.Bytes));
    }

    [Fact]
    public void Strip_ImageWithoutMetadata_IsUnchanged()
    {
        foreach (var format in new[] { SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Png, SKEncodedImageFormat.Webp })
        {
            var image = ImageFixtures.Encode(format);

            Assert.Equal(image, MetadataStripper.Strip(image).Bytes);
        }
    }

    public static TheoryData<string, byte[], string> BadImages()
    {
        var jpeg = ImageFixtures.Encode(SKEncodedImageFormat.Jpeg);
        var png = ImageFixtures.Encode(SKEncodedImageFormat.Png);
        var webp = ImageFixtures.Encode(SKEncodedImageFormat.Webp, quality: 100);
        var damaged = png.ToArray();
        damaged[60] ^= 0x40;
        return new TheoryData<string, byte[], string>
        {
            { "truncated JPEG", jpeg[..(jpeg.Length / 2)], "truncated" },
            { "JPEG without its end marker", jpeg[..^2], "truncated" },
            { "JPEG/ZIP polyglot", [.. jpeg, .. "PK\u0003\u0004 a zip archive"u8], "after its end-of-image marker" },
            { "JPEG/HTML polyglot", [.. jpeg, .. "<html><script>alert(1)</script></html>"u8], "after its end-of-image marker" },
            { "PNG with a bad CRC", damaged, "fails its CRC check" },
            { "truncated PNG", png[..(png.Length - 20)], "truncated" },
            { "PNG/ZIP polyglot", [.. png, .. "PK\u0003\u0004"u8], "after its IEND chunk" },
            { "truncated WebP", webp[..(webp.Length - 10)], "truncated" },
            { "WebP with a file behind it", [.. webp, .. "PK\u0003\u0004"u8], "hidden behind an image" },
            { "HTML named .jpg", "<!doctype html><html><body>hi</body></html>"u8.ToArray(), "not a JPEG, PNG or WebP" },
            { "SVG", "<svg xmlns='http://www.w3.org/2000/svg'/>"u8.ToArray(), "not a JPEG, PNG or WebP" },
            { "empty", [], "not a JPEG, PNG or WebP" },
        };
    }

    [Theory]
    [MemberData(nameof(BadImages))]
    public void Strip_MalformedOrDisguisedInput_IsRefusedSayingWhy(string what, byte[] input, string expected)
    {
        var error = Assert.Throws<ImageFormatException>(() => MetadataStripper.Strip(input));

        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{what}: {error.Message}");
    }
}
