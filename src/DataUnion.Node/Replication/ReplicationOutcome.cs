namespace DataUnion.Node.Replication;

/// <summary>What one try at replicating a pin achieved.</summary>
/// <param name="Done">The target has the pin.</param>
/// <param name="RemoteRequestId">The service's request id, while it is still pinning.</param>
/// <param name="Error">Why the try failed; it is retried later.</param>
internal sealed record ReplicationOutcome(bool Done, string? RemoteRequestId, string? Error)
{
    public static ReplicationOutcome Success { get; } = new(true, null, null);

    public static ReplicationOutcome Pending(string requestId) => new(false, requestId, null);

    public static ReplicationOutcome Failure(string error) => new(false, null, error);
}
