using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using DataUnion.Core.Content;
using DataUnion.Ipfs.Blocks;

namespace DataUnion.Ipfs.Car;

/// <summary>
/// Reads CARv1, and CARv2 by its inner CARv1 payload. Every block is checked against its CID
/// before it is handed out; a malformed, truncated or lying CAR stops with a
/// <see cref="CarFormatException"/> that says which section broke and how.
/// </summary>
public sealed class CarReader
{
    /// <summary>Largest header accepted, in bytes.</summary>
    public const int MaxHeaderSize = 64 * 1024;

    private const int V2HeaderSize = 40;
    private const int MaxCidSize = 256;

    private readonly Stream _stream;
    private long _position;
    private long _end = long.MaxValue;

    private CarReader(Stream stream) => _stream = stream;

    /// <summary>1 or 2.</summary>
    public int Version { get; private set; }

    /// <summary>The roots the header names.</summary>
    public IReadOnlyList<Cid> Roots { get; private set; } = [];

    /// <summary>Reads the header (and for CARv2 skips to the payload).</summary>
    public static async Task<CarReader> OpenAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new CarReader(stream);
        await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        return reader;
    }

    /// <summary>The verified blocks, in file order.</summary>
    public async IAsyncEnumerable<(Cid Cid, byte[] Block)> ReadBlocksAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = new byte[64 * 1024];
        while (await ReadSectionAsync(buffer, cancellationToken).ConfigureAwait(false) is { } section)
        {
            buffer = section.Buffer;
            yield return (section.Cid, buffer.AsSpan(section.BlockStart, section.BlockLength).ToArray());
        }
    }

    /// <summary>
    /// Hands each verified block to <paramref name="onBlock"/>, in file order, from one reused
    /// buffer: the span is valid only during the call. For readers that copy blocks on (to disk),
    /// so no block is allocated on the heap.
    /// </summary>
    public async Task<int> ForEachBlockAsync(Action<Cid, ReadOnlySpan<byte>> onBlock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onBlock);
        var buffer = new byte[64 * 1024];
        var count = 0;
        while (await ReadSectionAsync(buffer, cancellationToken).ConfigureAwait(false) is { } section)
        {
            buffer = section.Buffer;
            onBlock(section.Cid, buffer.AsSpan(section.BlockStart, section.BlockLength));
            count++;
        }

        return count;
    }

    /// <summary>Reads the next section into <paramref name="buffer"/> (a larger one when it does not fit) and checks its block against its CID; null at the end.</summary>
    private async Task<Section?> ReadSectionAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var start = _position;
        var length = await ReadVarintAsync(allowEnd: true, $"section {_section}", cancellationToken).ConfigureAwait(false);
        if (length is null)
        {
            return null;
        }

        if (length.Value > (ulong)(IBlockStore.MaxBlockSize + MaxCidSize))
        {
            throw new CarFormatException($"CAR section {_section} at byte {start} claims {length} bytes; blocks over 2 MiB are refused");
        }

        var size = (int)length.Value;
        if (buffer.Length < size)
        {
            buffer = new byte[Math.Max(size, buffer.Length * 2)];
        }

        await ReadExactAsync(buffer.AsMemory(0, size), $"section {_section} at byte {start}", cancellationToken).ConfigureAwait(false);
        Cid cid;
        int cidLength;
        try
        {
            cid = Cid.Read(buffer.AsSpan(0, size), out cidLength);
        }
        catch (CidFormatException ex)
        {
            throw new CarFormatException($"CAR section {_section} at byte {start} does not start with a valid CID: {ex.Message}", ex);
        }

        if (!cid.Hash.Matches(buffer.AsSpan(cidLength, size - cidLength)))
        {
            throw new CarFormatException($"CAR section {_section} at byte {start}: the block does not hash to its CID {cid}");
        }

        _section++;
        return new Section(cid, buffer, cidLength, size - cidLength);
    }

    private int _section;

    private sealed record Section(Cid Cid, byte[] Buffer, int BlockStart, int BlockLength);

    private async Task ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var (version, roots) = await ReadV1HeaderAsync(cancellationToken).ConfigureAwait(false);
        if (version == 2)
        {
            var fixedHeader = new byte[V2HeaderSize];
            await ReadExactAsync(fixedHeader, "the CARv2 header", cancellationToken).ConfigureAwait(false);
            var dataOffset = BinaryPrimitives.ReadUInt64LittleEndian(fixedHeader.AsSpan(16));
            var dataSize = BinaryPrimitives.ReadUInt64LittleEndian(fixedHeader.AsSpan(24));
            if (dataOffset < (ulong)_position || dataOffset > long.MaxValue || dataSize > long.MaxValue - dataOffset)
            {
                throw new CarFormatException($"the CARv2 header has an impossible data offset {dataOffset} or size {dataSize}");
            }

            await SkipAsync((long)dataOffset - _position, cancellationToken).ConfigureAwait(false);
            _end = (long)(dataOffset + dataSize);
            (version, roots) = await ReadV1HeaderAsync(cancellationToken).ConfigureAwait(false);
            if (version != 1)
            {
                throw new CarFormatException($"the CARv2 payload has version {version}; it must be a CARv1");
            }

            Version = 2;
        }
        else if (version == 1)
        {
            Version = 1;
        }
        else
        {
            throw new CarFormatException($"CAR version {version} is not supported; this node reads versions 1 and 2");
        }

        if (roots.Count == 0)
        {
            throw new CarFormatException("the CAR header names no roots");
        }

        Roots = roots;
    }

    private async Task<(ulong Version, IReadOnlyList<Cid> Roots)> ReadV1HeaderAsync(CancellationToken cancellationToken)
    {
        var length = await ReadVarintAsync(allowEnd: false, "the header length", cancellationToken).ConfigureAwait(false);
        if (length is 0 or > MaxHeaderSize)
        {
            throw new CarFormatException($"the CAR header length {length} is outside 1-{MaxHeaderSize} bytes; this is not a CAR file");
        }

        var header = new byte[(int)length!.Value];
        await ReadExactAsync(header, "the header", cancellationToken).ConfigureAwait(false);

        // A CARv2 starts with the pragma {"version": 2}, a header without roots.
        return CarHeader.Decode(header);
    }

    private async Task<ulong?> ReadVarintAsync(bool allowEnd, string what, CancellationToken cancellationToken)
    {
        var bytes = new byte[Varint.MaxLength];
        for (var i = 0; i < Varint.MaxLength; i++)
        {
            if (_position >= _end || await _stream.ReadAsync(bytes.AsMemory(i, 1), cancellationToken).ConfigureAwait(false) == 0)
            {
                if (i == 0 && allowEnd)
                {
                    return null;
                }

                throw new CarFormatException($"the CAR file is truncated in the length of {what}");
            }

            _position++;
            if ((bytes[i] & 0x80) == 0)
            {
                if (!Varint.TryRead(bytes.AsSpan(0, i + 1), out var value, out _))
                {
                    throw new CarFormatException($"the length of {what} is not a minimal varint");
                }

                return value;
            }
        }

        throw new CarFormatException($"the length of {what} is a varint longer than {Varint.MaxLength} bytes");
    }

    private async Task ReadExactAsync(Memory<byte> buffer, string what, CancellationToken cancellationToken)
    {
        if (_end - _position < buffer.Length)
        {
            throw new CarFormatException($"{what} runs past the end of the CAR data");
        }

        try
        {
            await _stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException ex)
        {
            throw new CarFormatException($"the CAR file is truncated in {what}", ex);
        }

        _position += buffer.Length;
    }

    private async Task SkipAsync(long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(count, 64 * 1024)];
        while (count > 0)
        {
            var chunk = (int)Math.Min(count, buffer.Length);
            await ReadExactAsync(buffer.AsMemory(0, chunk), "the CARv2 padding", cancellationToken).ConfigureAwait(false);
            count -= chunk;
        }
    }
}
