using DataUnion.Core.Content;

namespace DataUnion.Core.Pinning;

/// <summary>One local pin on its way to one remote target (a durable queue entry).</summary>
/// <param name="Target">Configured target name.</param>
/// <param name="Cid">The pinned root.</param>
/// <param name="Replicated">True once the target confirmed the pin.</param>
/// <param name="Attempts">Tries so far.</param>
/// <param name="NextAttempt">When to try again.</param>
/// <param name="LastError">Why the last try failed.</param>
/// <param name="RemoteRequestId">The pinning service's request id, while it works on the pin.</param>
public sealed record ReplicationItem(
    string Target,
    Cid Cid,
    bool Replicated,
    int Attempts,
    DateTimeOffset NextAttempt,
    string? LastError,
    string? RemoteRequestId);
