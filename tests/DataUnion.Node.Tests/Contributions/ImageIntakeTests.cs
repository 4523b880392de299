using System.Buffers.Binary;
using DataUnion.Core.Images;
using DataUnion.Node.Contributions;
using DataUnion.Testing.Images;
using SkiaSharp;

namespace DataUnion.Node.Tests.Contributions;

/// <summary>What a contributed image must be before the node keeps it: decided by its bytes, sized by its header, decoded whole.</summary>
public sealed class ImageIntakeTests
{
    private static readonly ImageLimits Limits = new();

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, ImageKind.Jpeg)]
    [InlineData(SKEncodedImageFormat.Png, ImageKind.Png)]
    [InlineData(SKEncodedImageFormat.Webp, ImageKind.WebP)]
    public void Accept_EachKind_GivesItsKindAndSize(SKEncodedImageFormat format, ImageKind kind)
    {
        var accepted = ImageIntake.Accept(ImageFixtures.Encode(format), Limits);

        Assert.Equal(kind, accepted.Image.Kind);
        Assert.Equal((64, 48), (accepted.Width, accepted.Height));
    }

    [Fact]
    public void Accept_PhotoWithGps_IsKeptWithoutItsMetadata_AndItsOrientationRecorded()
    {
        var (original, tagged) = ImageFixtures.JpegWithMetadata();

        var accepted = ImageIntake.Accept(tagged, Limits);

        Assert.Equal(original, accepted.Image.Bytes);
        Assert.Equal(6, accepted.Image.Orientation);
    }

    /// <summary>A PNG of a few hundred bytes whose header declares <paramref name="width"/>×<paramref name="height"/>.</summary>
    private static byte[] DeclaredPng(uint width, uint height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        return [0x89, .. "PNG\r\n\u001a\n"u8, .. ImageFixtures.PngChunk("IHDR", ihdr), .. ImageFixtures.PngChunk("IDAT", [0x78, 0x9C, 0x03, 0x00]), .. ImageFixtures.PngChunk("IEND", [])];
    }

    [Fact]
    public void Accept_DecompressionBomb_IsRefusedFromItsHeader()
    {
        var error = Assert.Throws<ImageFormatException>(() => ImageIntake.Accept(DeclaredPng(60_000, 60_000), Limits));

        Assert.Contains("60000×60000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accept_OverTheByteLimit_IsRefused()
    {
        var error = Assert.Throws<ImageFormatException>(() => ImageIntake.Accept(ImageFixtures.Encode(SKEncodedImageFormat.Png), new ImageLimits { MaxBytes = 100 }));

        Assert.Contains("at most 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accept_CorruptImageDataWithValidChecksums_IsRefusedWhenDecoded()
    {
        var png = ImageFixtures.Encode(SKEncodedImageFormat.Png);
        var idat = png.AsSpan().IndexOf("IDAT"u8) - 4;
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(idat));
        var data = png.AsSpan(idat + 8, length).ToArray();
        data.AsSpan(2, data.Length - 6).Fill(0xFF); // the zlib stream past its header, broken
        byte[] corrupt = [.. png[..idat], .. ImageFixtures.PngChunk("IDAT", data), .. png[(idat + 12 + length)..]];

        var error = Assert.Throws<ImageFormatException>(() => ImageIntake.Accept(corrupt, Limits));

        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accept_Empty_IsRefused()
    {
        Assert.Contains("empty", Assert.Throws<ImageFormatException>(() => ImageIntake.Accept([], Limits)).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// JPEGs are decoded at an eighth of their size, which still entropy-decodes every block: it
    /// refuses exactly what a full-size decode refuses, here for damage at every tenth of the file
    /// (cut short; cut and given back its end marker; a run of bytes overwritten).
    /// </summary>
    [Fact]
    public void Accept_DamagedJpeg_IsRefusedExactlyWhenAFullSizeDecodeFails()
    {
        var jpeg = File.ReadAllBytes(Path.Combine(DataUnion.Testing.RepositoryPaths.Root, "tests", "fixtures", "photos", "market.jpg"));
        var damaged = new List<byte[]>();
        for (var tenth = 1; tenth < 10; tenth++)
        {
            var at = jpeg.Length * tenth / 10;
            damaged.Add(jpeg[..at]);
            damaged.Add([.. jpeg[..at], 0xFF, 0xD9]);
            var overwritten = jpeg.ToArray();
            overwritten.AsSpan(at, Math.Min(64, jpeg.Length - 2 - at)).Fill(0xFF);
            damaged.Add(overwritten);
        }

        var refusedByFullDecode = 0;
        foreach (var bytes in damaged)
        {
            var full = FullSizeDecodes(bytes);
            var accepted = Accepts(bytes);
            Assert.Equal(full, accepted);
            refusedByFullDecode += full ? 0 : 1;
        }

        Assert.True(refusedByFullDecode >= 9, $"only {refusedByFullDecode} of {damaged.Count} damaged files fail a full decode");
    }

    private static bool Accepts(byte[] bytes)
    {
        try
        {
            ImageIntake.Accept(bytes, Limits);
            return true;
        }
        catch (ImageFormatException)
        {
            return false;
        }
    }

    private static bool FullSizeDecodes(byte[] bytes)
    {
        try
        {
            var stripped = MetadataStripper.Strip(bytes);
            using var codec = SKCodec.Create(SKData.CreateCopy(stripped.Bytes));
            var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
            return codec.GetPixels(info, new byte[info.BytesSize64]) == SKCodecResult.Success;
        }
        catch (ImageFormatException)
        {
            return false;
        }
    }
}
