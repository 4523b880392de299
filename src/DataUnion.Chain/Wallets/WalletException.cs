namespace DataUnion.Chain.Wallets;

/// <summary>A wallet operation failed; the message says what was wrong and never contains key material.</summary>
public sealed class WalletException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WalletException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public WalletException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
