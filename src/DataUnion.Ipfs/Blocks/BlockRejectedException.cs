namespace DataUnion.Ipfs.Blocks;

/// <summary>
/// The bytes offered for a block were refused: too large, or not what the CID names. Bad input,
/// not a damaged store.
/// </summary>
public sealed class BlockRejectedException : BlockStoreException
{
    /// <summary>Creates the exception with a message that says what was wrong.</summary>
    public BlockRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public BlockRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
