namespace DataUnion.Cli;

/// <summary>An operation failed for a reason the user can act on; printed as <c>dataunion: message</c>, exit 1.</summary>
public sealed class CliFailureException(string message) : Exception(message);
