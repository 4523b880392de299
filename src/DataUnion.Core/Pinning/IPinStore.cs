using DataUnion.Core.Content;

namespace DataUnion.Core.Pinning;

/// <summary>
/// Durable pins with owners. A CID and its other version are one pin (the store keys by CIDv1), so
/// a block cannot be pinned twice under two names of the same content. A pin lasts while any of
/// its owners holds it.
/// </summary>
public interface IPinStore
{
    /// <summary>
    /// Pins <paramref name="cid"/> for <paramref name="owner"/>, or adds the owner to its pin. A
    /// recursive pin is never downgraded to direct; the first name and creation time stay.
    /// </summary>
    /// <returns>The pin as stored.</returns>
    Pin Add(Cid cid, PinMode mode, string? name, DateTimeOffset now, PinOwner owner);

    /// <summary>Lets <paramref name="owner"/> go of the pin of <paramref name="cid"/>; the pin goes with its last owner.</summary>
    PinRelease Release(Cid cid, PinOwner owner);

    /// <summary>The pin of <paramref name="cid"/>, or null.</summary>
    Pin? Find(Cid cid);

    /// <summary>All pins, optionally of one mode.</summary>
    IReadOnlyList<Pin> List(PinMode? mode = null);
}
