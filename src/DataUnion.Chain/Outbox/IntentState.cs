namespace DataUnion.Chain.Outbox;

/// <summary>Where a transaction intent is in its life.</summary>
public enum IntentState
{
    /// <summary>Recorded; no nonce yet (waiting for its turn, funds or fees below the cap).</summary>
    Queued,

    /// <summary>Owns a nonce and has a signed transaction; waiting for a receipt. Fees may be bumped.</summary>
    Sent,

    /// <summary>Mined; waiting for the configured number of confirmations.</summary>
    Mined,

    /// <summary>Done: mined with status 1 and confirmed (or its effect was found on chain).</summary>
    Confirmed,

    /// <summary>Done: mined and confirmed, but the call reverted (status 0).</summary>
    Reverted,

    /// <summary>Given up before it had a nonce: the call would revert, or needs more gas than the cap.</summary>
    Failed,
}
