namespace DataUnion.Ipfs.Blocks;

/// <summary>
/// A block cannot be stored or served as asked: too large, not matching its hash, or damaged on
/// disk. The message names the CID and what was wrong.
/// </summary>
public class BlockStoreException : Exception
{
    /// <summary>Creates the exception with a message that says what was wrong.</summary>
    public BlockStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public BlockStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
