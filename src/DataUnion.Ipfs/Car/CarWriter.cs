using DataUnion.Core.Content;

namespace DataUnion.Ipfs.Car;

/// <summary>Writes CARv1: a length-prefixed dag-cbor header, then length-prefixed (CID, block) sections.</summary>
public sealed class CarWriter(Stream output)
{
    private readonly byte[] _varint = new byte[Varint.MaxLength];

    /// <summary>Writes the header naming <paramref name="roots"/>.</summary>
    public async Task WriteHeaderAsync(IReadOnlyList<Cid> roots, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var header = CarHeader.Encode(roots);
        await WriteVarintAsync((ulong)header.Length, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one block section.</summary>
    public async Task WriteBlockAsync(Cid cid, ReadOnlyMemory<byte> block, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cid);
        var cidBytes = cid.Bytes.ToArray();
        await WriteVarintAsync((ulong)(cidBytes.Length + block.Length), cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(cidBytes, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(block, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteVarintAsync(ulong value, CancellationToken cancellationToken)
    {
        var length = Varint.Write(value, _varint);
        await output.WriteAsync(_varint.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
    }
}
