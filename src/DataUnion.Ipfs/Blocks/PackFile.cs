using Microsoft.Win32.SafeHandles;

namespace DataUnion.Ipfs.Blocks;

/// <summary>One open pack file of a <see cref="PackedBlockStore"/>.</summary>
internal sealed class PackFile(int number, string path, SafeFileHandle handle) : IDisposable
{
    /// <summary>Bytes at the start of every pack file.</summary>
    public static ReadOnlySpan<byte> Magic => "DUPACK01"u8;

    public int Number { get; } = number;

    public string Path { get; } = path;

    public SafeFileHandle Handle { get; } = handle;

    /// <summary>Bytes reserved so far; only the active pack's grows, under the store's append lock.</summary>
    public long Length { get; set; }

    /// <summary>The pack's file name for <paramref name="number"/>.</summary>
    public static string FileName(int number) => $"{number:D8}.pack";

    /// <summary>Parses a name written by <see cref="FileName"/>.</summary>
    public static bool TryParseNumber(string fileName, out int number)
    {
        number = 0;
        return fileName.Length == 13 && fileName.EndsWith(".pack", StringComparison.Ordinal)
            && int.TryParse(fileName.AsSpan(0, 8), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number)
            && number > 0;
    }

    /// <summary>Reads exactly <paramref name="length"/> bytes at <paramref name="offset"/>, or null when the file is shorter.</summary>
    public byte[]? Read(long offset, int length)
    {
        var bytes = new byte[length];
        var total = 0;
        while (total < length)
        {
            var read = RandomAccess.Read(Handle, bytes.AsSpan(total), offset + total);
            if (read == 0)
            {
                return null;
            }

            total += read;
        }

        return bytes;
    }

    public void Dispose() => Handle.Dispose();
}

/// <summary>Where a block's bytes are: the pack, the offset of the bytes (after the record header) and their length.</summary>
internal readonly record struct PackLocation(PackFile Pack, long Offset, int Length);
