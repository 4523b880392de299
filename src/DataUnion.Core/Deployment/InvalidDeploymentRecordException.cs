namespace DataUnion.Core.Deployment;

/// <summary>A deployment record that is malformed or does not describe a usable deployment.</summary>
public sealed class InvalidDeploymentRecordException : Exception
{
    /// <summary>Creates the exception with a message that says what was wrong.</summary>
    public InvalidDeploymentRecordException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public InvalidDeploymentRecordException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
