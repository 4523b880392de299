namespace DataUnion.Core.Pinning;

/// <summary>What letting go of a pin did.</summary>
public enum PinRelease
{
    /// <summary>Nothing: the CID is not pinned.</summary>
    NotPinned,

    /// <summary>Nothing: the CID is pinned, but not by this owner.</summary>
    NotOwner,

    /// <summary>This owner let go; others still hold the pin.</summary>
    Released,

    /// <summary>This owner was the last: the CID is no longer pinned.</summary>
    Unpinned,
}
