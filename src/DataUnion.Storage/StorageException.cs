namespace DataUnion.Storage;

/// <summary>The node database cannot be opened or used; the message says why.</summary>
public sealed class StorageException : Exception
{
    /// <summary>Creates the exception with a message that says what was wrong.</summary>
    public StorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public StorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
