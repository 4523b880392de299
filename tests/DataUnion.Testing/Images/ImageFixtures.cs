using System.Buffers.Binary;
using SkiaSharp;

namespace DataUnion.Testing.Images;

/// <summary>
/// Small images encoded by Skia, with metadata inserted the way cameras and phones write it: an
/// EXIF block with an orientation and a GPS position, XMP, IPTC, comments, PNG text and time chunks.
/// </summary>
public static class ImageFixtures
{
    public const string Xmp = "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
        + "<rdf:Description xmlns:exif='http://ns.adobe.com/exif/1.0/' exif:GPSLatitude='52,31.0N' exif:GPSLongitude='13,24.0E'/></rdf:RDF></x:xmpmeta>";

    public static byte[] Encode(SKEncodedImageFormat format, int quality = 90)
    {
        using var bitmap = new SKBitmap(64, 48, SKColorType.Rgba8888, SKAlphaType.Premul);
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 4), (byte)(y * 5), (byte)((x + y) * 2)));
            }
        }

        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    /// <summary>A little-endian TIFF block: IFD0 with the orientation and a GPS IFD at 52°31' N.</summary>
    public static byte[] Exif(ushort orientation)
    {
        var tiff = new byte[92];
        var s = tiff.AsSpan();
        "II"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt16LittleEndian(s[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], 8);
        BinaryPrimitives.WriteUInt16LittleEndian(s[8..], 2);
        Entry(s[10..], 0x0112, 3, 1, orientation);
        Entry(s[22..], 0x8825, 4, 1, 38);
        BinaryPrimitives.WriteUInt16LittleEndian(s[38..], 2);
        Entry(s[40..], 0x0001, 2, 2, 'N');
        Entry(s[52..], 0x0002, 5, 3, 68);
        uint[] rationals = [52, 1, 31, 1, 0, 1];
        for (var i = 0; i < rationals.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s[(68 + (i * 4))..], rationals[i]);
        }

        return tiff;
    }

    private static void Entry(Span<byte> at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(at, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(at[2..], type);
        BinaryPrimitives.WriteUInt32LittleEndian(at[4..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(at[8..], value);
    }

    public static byte[] JpegSegment(byte marker, byte[] payload)
    {
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return segment;
    }

    /// <summary>A JPEG with EXIF (orientation 6, GPS), XMP, IPTC and a comment after its JFIF segment.</summary>
    public static (byte[] Original, byte[] WithMetadata) JpegWithMetadata()
    {
        var jpeg = Encode(SKEncodedImageFormat.Jpeg);
        var afterApp0 = jpeg[2] == 0xFF && jpeg[3] == 0xE0 ? 4 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(4)) : 2;
        byte[] iptc = [.. "Photoshop 3.0\0"u8, .. "8BIM"u8, 0x04, 0x04, 0, 0, 0, 0, 0, 12, 0x1C, 0x02, 0x78, 0, 7, .. "Berlin!"u8, 0];
        byte[] metadata =
        [
            .. JpegSegment(0xE1, [.. "Exif\0\0"u8, .. Exif(6)]),
            .. JpegSegment(0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. System.Text.Encoding.UTF8.GetBytes(Xmp)]),
            .. JpegSegment(0xED, iptc),
            .. JpegSegment(0xFE, "taken at home, 52.52 N 13.40 E"u8.ToArray()),
        ];
        return (jpeg, [.. jpeg[..afterApp0], .. metadata, .. jpeg[afterApp0..]]);
    }

    public static byte[] PngChunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), System.IO.Hashing.Crc32.HashToUInt32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    /// <summary>A PNG with text, time and EXIF chunks after its IHDR.</summary>
    public static byte[] PngWithMetadata()
    {
        var png = Encode(SKEncodedImageFormat.Png);
        const int AfterIhdr = 8 + 25;
        byte[] metadata =
        [
            .. PngChunk("tEXt", [.. "Comment\0"u8, .. "taken at home"u8]),
            .. PngChunk("tIME", [0x07, 0xEA, 12, 5, 10, 30, 0]),
            .. PngChunk("eXIf", Exif(3)),
        ];
        return [.. png[..AfterIhdr], .. metadata, .. png[AfterIhdr..]];
    }

    /// <summary>An extended WebP (VP8X) around Skia's lossless encoding, with EXIF and XMP chunks.</summary>
    public static (byte[] Original, byte[] WithMetadata) WebPWithMetadata()
    {
        var webp = Encode(SKEncodedImageFormat.Webp, quality: 100);
        var image = webp[12..]; // the VP8L (or VP8) chunk
        byte[] vp8x = [0x0C, 0, 0, 0, 63, 0, 0, 47, 0, 0];
        byte[] body =
        [
            .. "WEBP"u8,
            .. RiffChunk("VP8X", vp8x),
            .. image,
            .. RiffChunk("EXIF", Exif(8)),
            .. RiffChunk("XMP ", System.Text.Encoding.UTF8.GetBytes(Xmp)),
        ];
        byte[] riff = [.. "RIFF"u8, 0, 0, 0, 0, .. body];
        BinaryPrimitives.WriteUInt32LittleEndian(riff.AsSpan(4), (uint)body.Length);
        return (webp, riff);
    }

    private static byte[] RiffChunk(string type, byte[] data)
    {
        var chunk = new byte[8 + data.Length + (data.Length & 1)];
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)data.Length);
        data.CopyTo(chunk, 8);
        return chunk;
    }

    /// <summary>The decoded pixels, for comparing two encodings of one image.</summary>
    public static byte[] Pixels(byte[] image)
    {
        using var bitmap = SKBitmap.Decode(image) ?? throw new InvalidOperationException("Skia could not decode the image");
        return bitmap.Bytes;
    }
}
