using DataUnion.Core.Content;

namespace DataUnion.Ipfs.Blocks;

/// <summary>
/// kubo's flatfs naming: blocks are keyed by multihash (so a CIDv0 and a CIDv1 of the same
/// bytes share one file), written in uppercase unpadded base32, and sharded by the two
/// characters before the last (<c>/repo/flatfs/shard/v1/next-to-last/2</c>).
/// </summary>
internal static class BlockKey
{
    public const string ShardingSpec = "/repo/flatfs/shard/v1/next-to-last/2";
    public const string Extension = ".data";

    public static string For(Multihash hash) => Base32Lower.Encode(hash.Bytes).ToUpperInvariant();

    public static string Shard(string key) => key.Substring(key.Length - 3, 2);

    public static bool TryParse(string fileName, out Multihash? hash)
    {
        hash = null;
        return fileName.EndsWith(Extension, StringComparison.Ordinal) && TryParseKey(fileName[..^Extension.Length], out hash);
    }

    public static bool TryParseKey(string key, out Multihash? hash)
    {
        hash = null;
        try
        {
            var bytes = Base32Lower.Decode(key);
            hash = Multihash.Read(bytes, out var length);
            return length == bytes.Length;
        }
        catch (CidFormatException)
        {
            return false;
        }
    }
}
