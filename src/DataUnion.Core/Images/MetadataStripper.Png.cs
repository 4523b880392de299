using System.Buffers.Binary;

namespace DataUnion.Core.Images;

public static partial class MetadataStripper
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Chunks that stay: what decoding needs (image data, palette, transparency, colour space and
    /// ICC profile, gamma, physical size, animation). Every other ancillary chunk goes, named or
    /// not; an unknown critical chunk means a file no decoder here reads.
    /// </summary>
    private static readonly HashSet<string> PngKept = new(StringComparer.Ordinal)
    {
        "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "cHRM", "gAMA", "iCCP", "sBIT", "sRGB", "cICP", "mDCV", "cLLI",
        "bKGD", "pHYs", "hIST", "acTL", "fcTL", "fdAT",
    };

    private static StrippedImage StripPng(ReadOnlySpan<byte> image)
    {
        var output = new MemoryStream(image.Length);
        var removed = new List<string>();
        var orientation = 1;
        output.Write(PngSignature);
        var at = PngSignature.Length;
        var first = true;
        while (true)
        {
            if (at + 12 > image.Length)
            {
                throw new ImageFormatException("the PNG ends before its IEND chunk (truncated)");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(image[at..]);
            if (length > int.MaxValue || at + 12 + (long)length > image.Length)
            {
                throw new ImageFormatException($"the PNG chunk at byte {at} claims {length} bytes, more than the file holds (truncated)");
            }

            var typeBytes = image.Slice(at + 4, 4);
            if (typeBytes.IndexOfAnyExceptInRange((byte)'A', (byte)'z') >= 0 || typeBytes.IndexOfAnyInRange((byte)'[', (byte)'`') >= 0)
            {
                throw new ImageFormatException($"the PNG has a chunk with a type that is not four letters, at byte {at}");
            }

            var type = System.Text.Encoding.ASCII.GetString(typeBytes);
            var chunk = image.Slice(at, 12 + (int)length);
            var stored = BinaryPrimitives.ReadUInt32BigEndian(chunk[^4..]);
            if (Crc32.Of(chunk[4..^4]) != stored)
            {
                throw new ImageFormatException($"the PNG's {type} chunk at byte {at} fails its CRC check (damaged or altered)");
            }

            if (first && type != "IHDR")
            {
                throw new ImageFormatException($"the PNG starts with a {type} chunk; IHDR must come first");
            }

            first = false;
            at += chunk.Length;
            if (PngKept.Contains(type))
            {
                output.Write(chunk);
            }
            else if (char.IsUpper(type[0]))
            {
                throw new ImageFormatException($"the PNG has a critical chunk {type} that no decoder here understands");
            }
            else
            {
                if (type == "eXIf")
                {
                    orientation = ExifOrientation.Read(chunk[8..^4]) ?? orientation;
                }

                removed.Add(type);
            }

            if (type == "IEND")
            {
                break;
            }
        }

        if (at < image.Length)
        {
            throw new ImageFormatException($"the PNG has {image.Length - at} bytes after its IEND chunk; another file hidden behind an image is refused");
        }

        return new StrippedImage(ImageKind.Png, output.ToArray(), orientation, removed);
    }
}
