using DataUnion.Core.Content;

namespace DataUnion.Core.Pinning;

/// <summary>
/// Durable pins. A CID and its other version are one pin (the store keys by CIDv1), so a
/// block cannot be pinned twice under two names of the same content.
/// </summary>
public interface IPinStore
{
    /// <summary>Adds or replaces the pin of <see cref="Pin.Cid"/>; a recursive pin is never downgraded to direct.</summary>
    void Upsert(Pin pin);

    /// <summary>Removes the pin; false when there was none.</summary>
    bool Remove(Cid cid);

    /// <summary>The pin of <paramref name="cid"/>, or null.</summary>
    Pin? Find(Cid cid);

    /// <summary>All pins, optionally of one mode.</summary>
    IReadOnlyList<Pin> List(PinMode? mode = null);
}
