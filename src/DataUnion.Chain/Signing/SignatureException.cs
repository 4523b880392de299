namespace DataUnion.Chain.Signing;

/// <summary>A signature or signed message was malformed or did not verify; the message says which check failed.</summary>
public sealed class SignatureException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SignatureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public SignatureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
