namespace DataUnion.Chain.Outbox;

/// <summary>An intent cannot be recorded or found; the message says why.</summary>
public sealed class OutboxException(string message) : Exception(message);
