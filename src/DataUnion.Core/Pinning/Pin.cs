using DataUnion.Core.Content;

namespace DataUnion.Core.Pinning;

/// <summary>A pinned CID: garbage collection keeps it (and, recursively, its DAG).</summary>
/// <param name="Cid">The pinned root, as it was first pinned (v0 stays v0).</param>
/// <param name="Mode">Direct or recursive; recursive once any owner asked for it.</param>
/// <param name="Name">Optional label, as kubo's <c>pin add --name</c>.</param>
/// <param name="Created">When it was first pinned.</param>
/// <param name="Owners">Who holds it (<see cref="PinOwner"/>); never empty for a stored pin.</param>
public sealed record Pin(Cid Cid, PinMode Mode, string? Name, DateTimeOffset Created, IReadOnlyList<string> Owners);
