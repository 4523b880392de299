using System.Buffers;

namespace DataUnion.Ipfs.UnixFs;

/// <summary>
/// Splits a stream into chunks of exactly <c>size</c> bytes (the last may be shorter), reading
/// one chunk ahead so the builder knows whether more data follows. Chunks are full even when
/// the stream returns short reads, as kubo's size splitter does.
/// </summary>
internal sealed class FixedSizeChunker : IDisposable
{
    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private readonly int _size;
    private int _length;
    private bool _pending;
    private bool _ended;

    public FixedSizeChunker(Stream stream, int size)
    {
        _stream = stream;
        _size = size;
        _buffer = ArrayPool<byte>.Shared.Rent(size);
    }

    /// <summary>True when another chunk is available; reads it if needed.</summary>
    public async ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
    {
        if (_pending)
        {
            return true;
        }

        if (_ended)
        {
            return false;
        }

        _length = 0;
        while (_length < _size)
        {
            var read = await _stream.ReadAsync(_buffer.AsMemory(_length, _size - _length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _ended = true;
                break;
            }

            _length += read;
        }

        _pending = _length > 0;
        return _pending;
    }

    /// <summary>The available chunk; valid until the next <see cref="HasMoreAsync"/>.</summary>
    public ReadOnlyMemory<byte> Take()
    {
        if (!_pending)
        {
            throw new InvalidOperationException("no chunk is available; call HasMoreAsync first");
        }

        _pending = false;
        return _buffer.AsMemory(0, _length);
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
