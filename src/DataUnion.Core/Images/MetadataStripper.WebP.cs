using System.Buffers.Binary;

namespace DataUnion.Core.Images;

public static partial class MetadataStripper
{
    /// <summary>WebP chunks that stay: image data, alpha, ICC profile and animation.</summary>
    private static readonly HashSet<string> WebPKept = new(StringComparer.Ordinal) { "VP8 ", "VP8L", "VP8X", "ALPH", "ICCP", "ANIM", "ANMF" };

    /// <summary>The VP8X flags of the chunks that go: EXIF (bit 3) and XMP (bit 2).</summary>
    private const byte WebPMetadataFlags = 0x08 | 0x04;

    private static StrippedImage StripWebP(ReadOnlySpan<byte> image)
    {
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(image[4..]);
        if (riffSize + 8L != image.Length)
        {
            throw new ImageFormatException(riffSize + 8L > image.Length
                ? $"the WebP file says it holds {riffSize + 8} bytes but has {image.Length} (truncated)"
                : $"the WebP has {image.Length - riffSize - 8} bytes after its RIFF container; another file hidden behind an image is refused");
        }

        var output = new MemoryStream(image.Length);
        output.Write(image[..12]);
        var removed = new List<string>();
        var orientation = 1;
        var at = 12;
        var flagsAt = -1;
        while (at < image.Length)
        {
            if (at + 8 > image.Length)
            {
                throw new ImageFormatException($"the WebP ends inside a chunk header at byte {at} (truncated)");
            }

            var type = System.Text.Encoding.ASCII.GetString(image.Slice(at, 4));
            var size = BinaryPrimitives.ReadUInt32LittleEndian(image[(at + 4)..]);
            var padded = size + (size & 1);
            if (at + 8 + (long)padded > image.Length)
            {
                throw new ImageFormatException($"the WebP chunk '{type}' at byte {at} claims {size} bytes, more than the file holds (truncated)");
            }

            var chunk = image.Slice(at, 8 + (int)padded);
            var first = at == 12;
            at += chunk.Length;
            if (first && type is not ("VP8 " or "VP8L" or "VP8X"))
            {
                throw new ImageFormatException($"the WebP starts with a '{type}' chunk, not VP8, VP8L or VP8X");
            }

            if (!WebPKept.Contains(type))
            {
                if (type == "EXIF")
                {
                    orientation = ExifOrientation.Read(chunk.Slice(8, (int)size)) ?? orientation;
                }

                removed.Add(type.TrimEnd());
                continue;
            }

            if (type == "VP8X")
            {
                if (size < 10)
                {
                    throw new ImageFormatException("the WebP's VP8X chunk is shorter than 10 bytes");
                }

                flagsAt = (int)output.Position + 8;
            }

            output.Write(chunk);
        }

        var bytes = output.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        if (flagsAt >= 0)
        {
            bytes[flagsAt] &= unchecked((byte)~WebPMetadataFlags);
        }

        return new StrippedImage(ImageKind.WebP, bytes, orientation, removed);
    }
}
