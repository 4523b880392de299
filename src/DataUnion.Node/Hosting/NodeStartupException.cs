namespace DataUnion.Node.Hosting;

/// <summary>The node cannot start; the message names the setting or resource at fault.</summary>
public sealed class NodeStartupException : Exception
{
    /// <summary>Creates the exception with a message that says what was wrong.</summary>
    public NodeStartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public NodeStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
