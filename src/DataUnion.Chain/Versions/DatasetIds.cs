using System.Buffers.Binary;
using System.Text;
using Nethereum.Util;

namespace DataUnion.Chain.Versions;

/// <summary>
/// The market's dataset id of a dataset name: the first 8 bytes of keccak256 of its UTF-8 name,
/// big-endian, so anyone can compute it from the name and no registry is needed.
/// </summary>
public static class DatasetIds
{
    /// <summary>The dataset id of <paramref name="dataset"/> (names are compared as given; the node passes the canonical name).</summary>
    public static ulong Of(string dataset)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataset);
        return BinaryPrimitives.ReadUInt64BigEndian(Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes(dataset)));
    }
}
