namespace DataUnion.Core.Labeling;

/// <summary>A labeler's stake cannot be read now (the chain indexer is not running yet); try again later.</summary>
public sealed class StakeUnavailableException : Exception
{
    /// <summary>Creates the exception with a message that says why.</summary>
    public StakeUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StakeUnavailableException()
        : this("the stake source is unavailable")
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public StakeUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
