namespace DataUnion.Node.Apis.Gateway;

/// <summary>A write-only stream that keeps the first bytes written and stops the writer once full.</summary>
internal sealed class LimitedBuffer(int capacity) : Stream
{
    private readonly MemoryStream _buffer = new(capacity);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _buffer.Length;

    public override long Position
    {
        get => _buffer.Position;
        set => throw new NotSupportedException();
    }

    public byte[] ToArray() => _buffer.ToArray();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var room = capacity - (int)_buffer.Length;
        _buffer.Write(buffer[..Math.Min(room, buffer.Length)]);
        if (_buffer.Length >= capacity)
        {
            throw new FullException();
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _buffer.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Thrown once the buffer holds <c>capacity</c> bytes.</summary>
    public sealed class FullException : Exception
    {
    }
}
