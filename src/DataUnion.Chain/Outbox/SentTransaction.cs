using System.Numerics;

namespace DataUnion.Chain.Outbox;

/// <summary>
/// One signed transaction of an intent. Every one of an intent's transactions has the intent's
/// nonce, so at most one of them can ever be mined.
/// </summary>
/// <param name="Hash">Transaction hash (0x-hex).</param>
/// <param name="SignedTransaction">The raw signed transaction (0x-hex), kept to re-broadcast it unchanged.</param>
/// <param name="MaxFeePerGas">EIP-1559 fee cap, wei.</param>
/// <param name="MaxPriorityFeePerGas">EIP-1559 tip, wei.</param>
/// <param name="SignedAt">When it was signed (and written down, before any broadcast).</param>
public sealed record SentTransaction(string Hash, string SignedTransaction, BigInteger MaxFeePerGas, BigInteger MaxPriorityFeePerGas, DateTimeOffset SignedAt);
