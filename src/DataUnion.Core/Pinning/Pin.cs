using DataUnion.Core.Content;

namespace DataUnion.Core.Pinning;

/// <summary>A pinned CID: garbage collection keeps it (and, recursively, its DAG).</summary>
/// <param name="Cid">The pinned root, as it was pinned (v0 stays v0).</param>
/// <param name="Mode">Direct or recursive.</param>
/// <param name="Name">Optional label, as kubo's <c>pin add --name</c>.</param>
/// <param name="Created">When it was pinned.</param>
public sealed record Pin(Cid Cid, PinMode Mode, string? Name, DateTimeOffset Created);
