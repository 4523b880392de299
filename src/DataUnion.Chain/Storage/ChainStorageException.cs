namespace DataUnion.Chain.Storage;

/// <summary>The chain database cannot be used; the message says why.</summary>
public sealed class ChainStorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChainStorageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
