namespace DataUnion.Testing;

/// <summary>Finds bytes a store wrote to disk, whatever its layout, to damage them on purpose.</summary>
public static class StoredBytes
{
    /// <summary>
    /// Flips the first byte of the first copy of <paramref name="original"/> found in a file under
    /// <paramref name="root"/> (LiteDB files excluded) and returns that file's path.
    /// </summary>
    public static string Tamper(string root, ReadOnlySpan<byte> original)
    {
        var (file, at) = Find(root, original) ?? throw new InvalidOperationException($"no file under '{root}' holds the {original.Length} bytes to damage");
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = at;
        var first = stream.ReadByte();
        stream.Position = at;
        stream.WriteByte((byte)~first);
        return file;
    }

    /// <summary>True when a file under <paramref name="root"/> (LiteDB files excluded) holds <paramref name="bytes"/>.</summary>
    public static bool AreOnDisk(string root, ReadOnlySpan<byte> bytes) => Find(root, bytes) is not null;

    private static (string File, int At)? Find(string root, ReadOnlySpan<byte> original)
    {
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (file.EndsWith(".db", StringComparison.Ordinal))
            {
                continue;
            }

            var at = File.ReadAllBytes(file).AsSpan().IndexOf(original);
            if (at >= 0)
            {
                return (file, at);
            }
        }

        return null;
    }
}
