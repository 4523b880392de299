namespace DataUnion.Ipfs.UnixFs;

/// <summary>
/// Turns bytes into UnixFS DAGs whose CIDs are byte-identical to kubo's <c>ipfs add</c> with the
/// same options.
/// </summary>
public static class UnixFsImporter
{
    /// <summary>Imports one file from <paramref name="content"/>, sending every block to <paramref name="sink"/>.</summary>
    /// <returns>The root: its CID, the file size and the DAG's total size.</returns>
    public static async Task<DagLink> ImportFileAsync(Stream content, ImportOptions options, IBlockSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        using var chunker = new FixedSizeChunker(content, options.ChunkSize);
        return await new BalancedDagBuilder(chunker, options, sink).BuildAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Imports a file held in memory.</summary>
    public static Task<DagLink> ImportFileAsync(ReadOnlyMemory<byte> content, ImportOptions options, IBlockSink sink, CancellationToken cancellationToken = default)
    {
        // Array-backed memory (the usual case) is read in place; anything else is copied once.
        var stream = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        return ImportFileAsync(stream, options, sink, cancellationToken);
    }
}
