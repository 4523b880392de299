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
    public static Task<DagLink> ImportFileAsync(ReadOnlyMemory<byte> content, ImportOptions options, IBlockSink sink, CancellationToken cancellationToken = default) =>
        ImportFileAsync(new ReadOnlyMemoryStream(content), options, sink, cancellationToken);

    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> content) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => content.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(buffer.Length, content.Length - _position);
            content.Span.Slice(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
