namespace DataUnion.Ipfs.Car;

/// <summary>A CAR stream that is malformed, truncated or lying about its blocks; the message says where.</summary>
public sealed class CarFormatException : FormatException
{
    /// <summary>Creates the exception with a message that says what was wrong.</summary>
    public CarFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public CarFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
