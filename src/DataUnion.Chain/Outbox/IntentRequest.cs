using System.Numerics;

namespace DataUnion.Chain.Outbox;

/// <summary>An on-chain call the node wants made exactly once.</summary>
/// <param name="Key">Idempotency key: enqueueing the same key again returns the first intent.</param>
/// <param name="Kind">What the call is, for people (<c>publishVersion</c>).</param>
/// <param name="To">Contract address.</param>
/// <param name="Data">Calldata (0x-hex).</param>
/// <param name="Value">Wei sent with the call.</param>
/// <param name="Effect">How to recognise that the call took effect; null when only receipts count.</param>
public sealed record IntentRequest(string Key, string Kind, string To, string Data, BigInteger Value, IntentEffect? Effect = null);
