namespace DataUnion.Core.Content;

/// <summary>A CID, multihash or multibase string that is malformed; the message says how.</summary>
public sealed class CidFormatException : FormatException
{
    /// <summary>Creates the exception with a message that says what was wrong.</summary>
    public CidFormatException(string message)
        : base(message)
    {
    }
}
