namespace DataUnion.Ipfs.Dag;

/// <summary>A block that does not decode as its codec says; the message says where it broke.</summary>
public sealed class DagFormatException : FormatException
{
    /// <summary>Creates the exception with a message that says what was wrong.</summary>
    public DagFormatException(string message)
        : base(message)
    {
    }
}
