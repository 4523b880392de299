namespace DataUnion.Core.Images;

public static partial class MetadataStripper
{
    private static StrippedImage StripJpeg(ReadOnlySpan<byte> image)
    {
        var output = new MemoryStream(image.Length);
        var removed = new List<string>();
        var orientation = 1;
        output.Write(image[..2]);
        var at = 2;
        while (true)
        {
            if (at + 1 >= image.Length)
            {
                throw new ImageFormatException("the JPEG ends before its end-of-image marker (truncated)");
            }

            if (image[at] != 0xFF)
            {
                throw new ImageFormatException($"the JPEG has 0x{image[at]:X2} where a marker should start, at byte {at}");
            }

            var marker = image[at + 1];
            if (marker == 0xFF)
            {
                at++; // fill byte
                continue;
            }

            if (marker == 0xD9)
            {
                output.Write(image.Slice(at, 2));
                at += 2;
                break;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD8) or 0x00)
            {
                throw new ImageFormatException($"the JPEG has a stray marker 0xFF{marker:X2} at byte {at}");
            }

            if (at + 4 > image.Length)
            {
                throw new ImageFormatException("the JPEG ends inside a segment header (truncated)");
            }

            var length = (image[at + 2] << 8) | image[at + 3];
            if (length < 2 || at + 2 + length > image.Length)
            {
                throw new ImageFormatException($"the JPEG segment 0xFF{marker:X2} at byte {at} claims {length} bytes, more than the file holds (truncated)");
            }

            var segment = image.Slice(at, 2 + length);
            var payload = segment[4..];
            at += 2 + length;
            if (JpegDrops(marker, payload) is { } what)
            {
                if (what == "EXIF")
                {
                    orientation = ExifOrientation.Read(payload[6..]) ?? orientation;
                }

                removed.Add(what);
                continue;
            }

            output.Write(segment);
            if (marker == 0xDA)
            {
                var end = EntropyCodedEnd(image, at);
                output.Write(image[at..end]);
                at = end;
            }
        }

        if (image[at..].StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            // Phones append further images (depth maps, gain maps) that an MPF segment points to.
            removed.Add("appended images");
        }
        else if (image[at..].ContainsAnyExcept((byte)0))
        {
            throw new ImageFormatException($"the JPEG has {image.Length - at} bytes after its end-of-image marker; another file hidden behind an image is refused");
        }

        return new StrippedImage(ImageKind.Jpeg, output.ToArray(), orientation, removed);
    }

    /// <summary>What a segment is when it goes, or null when it stays.</summary>
    private static string? JpegDrops(byte marker, ReadOnlySpan<byte> payload) => marker switch
    {
        0xE0 when payload.StartsWith("JFIF\0"u8) => null,
        0xE0 => "APP0 (" + Tag(payload) + ")",
        0xE1 when payload.StartsWith("Exif\0\0"u8) => "EXIF",
        0xE1 when payload.StartsWith("http://ns.adobe.com/xap/1.0/\0"u8) || payload.StartsWith("http://ns.adobe.com/xmp/extension/\0"u8) => "XMP",
        0xE1 => "APP1 (" + Tag(payload) + ")",
        0xE2 when payload.StartsWith("ICC_PROFILE\0"u8) => null,
        0xED => "IPTC/Photoshop",
        0xEE when payload.StartsWith("Adobe"u8) => null,
        >= 0xE2 and <= 0xEF => $"APP{marker - 0xE0} ({Tag(payload)})",
        0xFE => "comment",
        _ => null,
    };

    private static string Tag(ReadOnlySpan<byte> payload)
    {
        var end = payload.IndexOf((byte)0);
        var name = payload[..Math.Min(end < 0 ? payload.Length : end, 24)];
        return name.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0 && name.Length > 0 ? System.Text.Encoding.ASCII.GetString(name) : "unnamed";
    }

    /// <summary>Where a scan's entropy-coded data ends: at the first marker that is not a stuffed byte, a restart or fill.</summary>
    private static int EntropyCodedEnd(ReadOnlySpan<byte> image, int at)
    {
        while (true)
        {
            var next = image[at..].IndexOf((byte)0xFF);
            if (next < 0 || at + next + 1 >= image.Length)
            {
                throw new ImageFormatException("the JPEG's image data ends without an end-of-image marker (truncated)");
            }

            at += next;
            var marker = image[at + 1];
            if (marker is 0x00 or (>= 0xD0 and <= 0xD7))
            {
                at += 2;
                continue;
            }

            if (marker == 0xFF)
            {
                at++;
                continue;
            }

            return at;
        }
    }
}
