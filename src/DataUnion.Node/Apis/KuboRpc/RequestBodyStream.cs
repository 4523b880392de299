using DataUnion.Node.Apis.Problems;

namespace DataUnion.Node.Apis.KuboRpc;

/// <summary>
/// A read-only view of a request body part that turns the reader's I/O failures (the body ended
/// early, a boundary is broken) into a 400 problem, so they cannot pass for a disk fault of the
/// node where the part is copied into the store. A body over the size limit stays a 413.
/// </summary>
internal sealed class RequestBodyStream(Stream inner) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public static ProblemException Malformed(IOException ex) =>
        new(StatusCodes.Status400BadRequest, $"the request body ended early or is not well-formed multipart: {ex.Message}");

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (IOException ex) when (IsMalformed(ex))
        {
            throw Malformed(ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (IsMalformed(ex))
        {
            throw Malformed(ex);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    // BadHttpRequestException is an IOException too: the body limit keeps its own 413.
    private static bool IsMalformed(IOException ex) => ex is not BadHttpRequestException && ex.InnerException is not BadHttpRequestException;
}
