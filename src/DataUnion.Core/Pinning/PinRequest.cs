using DataUnion.Core.Content;

namespace DataUnion.Core.Pinning;

/// <summary>
/// A pin requested through the IPFS Pinning Services API, and where it stands. The node fetches
/// the DAG from the request's origins when it does not have it.
/// </summary>
/// <param name="RequestId">Opaque id the API hands out.</param>
/// <param name="Cid">What to pin.</param>
/// <param name="Name">Optional label.</param>
/// <param name="Origins">Multiaddrs that have the content (http ones are fetched from).</param>
/// <param name="Meta">Free-form key/value metadata from the requester.</param>
/// <param name="Status">queued, pinning, pinned or failed.</param>
/// <param name="Created">When the request arrived.</param>
/// <param name="Info">Why it failed, or what the node is waiting for.</param>
/// <param name="Attempts">Fetch attempts so far.</param>
/// <param name="NextAttempt">When the worker tries again.</param>
public sealed record PinRequest(
    string RequestId,
    Cid Cid,
    string? Name,
    IReadOnlyList<string> Origins,
    IReadOnlyDictionary<string, string> Meta,
    PinRequestStatus Status,
    DateTimeOffset Created,
    string? Info,
    int Attempts,
    DateTimeOffset NextAttempt);
