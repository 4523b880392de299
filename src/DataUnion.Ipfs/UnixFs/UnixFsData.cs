namespace DataUnion.Ipfs.UnixFs;

/// <summary>
/// The UnixFS <c>Data</c> message, encoded field by field as go-unixfs does: Type; Data only when
/// present; filesize always for files; blocksizes repeated and unpacked.
/// </summary>
internal static class UnixFsData
{
    public const ulong TypeDirectory = 1;
    public const ulong TypeFile = 2;
    public const ulong TypeHamtShard = 5;

    private const int FieldType = 1;
    private const int FieldData = 2;
    private const int FieldFileSize = 3;
    private const int FieldBlockSizes = 4;
    private const int FieldHashType = 5;
    private const int FieldFanout = 6;

    /// <summary>Size of a file leaf's UnixFS message carrying <paramref name="dataLength"/> bytes (null: no Data field).</summary>
    public static int FileLeafSize(int? dataLength) =>
        ProtoWriter.VarintFieldSize(TypeFile)
        + (dataLength is { } length ? ProtoWriter.BytesFieldSize(length) : 0)
        + ProtoWriter.VarintFieldSize((ulong)(dataLength ?? 0));

    public static void WriteFileLeaf(ref ProtoWriter writer, ReadOnlySpan<byte> data, bool writeData)
    {
        writer.WriteVarintField(FieldType, TypeFile);
        if (writeData)
        {
            writer.WriteBytesField(FieldData, data);
        }

        writer.WriteVarintField(FieldFileSize, (ulong)data.Length);
    }

    private static int FileNodeSize(ulong fileSize, ReadOnlySpan<ulong> blockSizes)
    {
        var size = ProtoWriter.VarintFieldSize(TypeFile) + ProtoWriter.VarintFieldSize(fileSize);
        foreach (var blockSize in blockSizes)
        {
            size += ProtoWriter.VarintFieldSize(blockSize);
        }

        return size;
    }

    private static void WriteFileNode(ref ProtoWriter writer, ulong fileSize, ReadOnlySpan<ulong> blockSizes)
    {
        writer.WriteVarintField(FieldType, TypeFile);
        writer.WriteVarintField(FieldFileSize, fileSize);
        foreach (var blockSize in blockSizes)
        {
            writer.WriteVarintField(FieldBlockSizes, blockSize);
        }
    }

    public static byte[] FileNode(ulong fileSize, ReadOnlySpan<ulong> blockSizes)
    {
        var bytes = new byte[FileNodeSize(fileSize, blockSizes)];
        var writer = new ProtoWriter(bytes);
        WriteFileNode(ref writer, fileSize, blockSizes);
        return bytes;
    }

    public static byte[] Directory()
    {
        var bytes = new byte[ProtoWriter.VarintFieldSize(TypeDirectory)];
        var writer = new ProtoWriter(bytes);
        writer.WriteVarintField(FieldType, TypeDirectory);
        return bytes;
    }

    /// <summary>A HAMT shard's UnixFS message: Type, the bit field of occupied slots, hash type and fanout.</summary>
    public static byte[] HamtShard(ReadOnlySpan<byte> bitField, ulong hashType, ulong fanout)
    {
        var bytes = new byte[ProtoWriter.VarintFieldSize(TypeHamtShard) + ProtoWriter.BytesFieldSize(bitField.Length)
            + ProtoWriter.VarintFieldSize(hashType) + ProtoWriter.VarintFieldSize(fanout)];
        var writer = new ProtoWriter(bytes);
        writer.WriteVarintField(FieldType, TypeHamtShard);
        writer.WriteBytesField(FieldData, bitField);
        writer.WriteVarintField(FieldHashType, hashType);
        writer.WriteVarintField(FieldFanout, fanout);
        return bytes;
    }
}
