using System.Numerics;

namespace DataUnion.Chain.Outbox;

/// <summary>The receipt of the transaction that carried an intent.</summary>
/// <param name="TransactionHash">The mined transaction.</param>
/// <param name="BlockNumber">Block it was mined in.</param>
/// <param name="BlockHash">Hash of that block (checked again before confirming, for reorgs).</param>
/// <param name="GasUsed">Gas the transaction used.</param>
/// <param name="Succeeded">Receipt status 1.</param>
public sealed record IntentReceipt(string TransactionHash, long BlockNumber, string BlockHash, BigInteger GasUsed, bool Succeeded);
