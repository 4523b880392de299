namespace DataUnion.Node.Replication;

/// <summary>An origin this node will not connect to: the node's own rule, so it is told as it is.</summary>
public sealed class OriginRefusedException : HttpRequestException
{
    /// <summary>Creates the exception.</summary>
    public OriginRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>The refusal somewhere in <paramref name="exception"/>'s chain, or null.</summary>
    public static OriginRefusedException? In(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is OriginRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
