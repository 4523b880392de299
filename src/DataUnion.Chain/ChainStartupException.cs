namespace DataUnion.Chain;

/// <summary>The chain cannot be used: unreachable, a different chain, or contracts missing. The message says which.</summary>
public sealed class ChainStartupException : Exception
{
    /// <summary>Creates the exception with a message that says what was wrong.</summary>
    public ChainStartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public ChainStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
