namespace DataUnion.Core.Images;

/// <summary>Bytes that are not a well-formed image of an accepted kind; the message says what is wrong.</summary>
public sealed class ImageFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public ImageFormatException(string message)
        : base(message)
    {
    }
}
