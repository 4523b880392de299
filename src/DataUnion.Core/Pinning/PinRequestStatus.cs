namespace DataUnion.Core.Pinning;

/// <summary>Pinning Services API statuses.</summary>
public enum PinRequestStatus
{
    /// <summary>Accepted, not started.</summary>
    Queued,

    /// <summary>Being fetched.</summary>
    Pinning,

    /// <summary>Pinned locally.</summary>
    Pinned,

    /// <summary>Given up; <see cref="PinRequest.Info"/> says why.</summary>
    Failed,
}
