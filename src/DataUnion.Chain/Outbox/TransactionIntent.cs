using System.Numerics;

namespace DataUnion.Chain.Outbox;

/// <summary>
/// An on-chain call recorded in the outbox: what to call, which nonce it owns, every transaction
/// signed for it, and what happened. Persisted after every change, before the change is acted on.
/// </summary>
public sealed class TransactionIntent
{
    /// <summary>Most history lines kept per intent; older ones are dropped.</summary>
    public const int HistoryLimit = 64;

    /// <summary>The idempotency key.</summary>
    public required string Key { get; init; }

    /// <summary>Order of creation; intents get nonces in this order.</summary>
    public required long Sequence { get; init; }

    /// <summary>What the call is, for people.</summary>
    public required string Kind { get; init; }

    /// <summary>Sender (the operator address).</summary>
    public required string From { get; init; }

    /// <summary>Contract address.</summary>
    public required string To { get; init; }

    /// <summary>Calldata (0x-hex).</summary>
    public required string Data { get; init; }

    /// <summary>Wei sent with the call.</summary>
    public required BigInteger Value { get; init; }

    /// <summary>How to recognise that the call took effect, or null.</summary>
    public IntentEffect? Effect { get; init; }

    /// <summary>Current state.</summary>
    public IntentState State { get; set; }

    /// <summary>The nonce this intent owns, once it has one.</summary>
    public long? Nonce { get; set; }

    /// <summary>Gas limit of its transactions.</summary>
    public BigInteger? GasLimit { get; set; }

    /// <summary>Head block when its first transaction was signed: the effect search starts here.</summary>
    public long? FirstSignedBlock { get; set; }

    /// <summary>Every transaction signed for it, oldest first.</summary>
    public List<SentTransaction> Transactions { get; init; } = [];

    /// <summary>The receipt, once mined.</summary>
    public IntentReceipt? Receipt { get; set; }

    /// <summary>The latest problem, cleared when the intent moves on; null when none.</summary>
    public string? LastError { get; set; }

    /// <summary>Failed tries since the last progress (drives the backoff).</summary>
    public int Retries { get; set; }

    /// <summary>Not worked on before this time.</summary>
    public DateTimeOffset NextAttempt { get; set; }

    /// <summary>When it was recorded.</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>Last change.</summary>
    public DateTimeOffset Updated { get; set; }

    /// <summary>What happened, oldest first, as timestamped lines.</summary>
    public List<string> History { get; init; } = [];

    /// <summary>True in Confirmed, Reverted or Failed.</summary>
    public bool IsFinished => State is IntentState.Confirmed or IntentState.Reverted or IntentState.Failed;

    /// <summary>The newest signed transaction, or null.</summary>
    public SentTransaction? Latest => Transactions.Count == 0 ? null : Transactions[^1];

    /// <summary>Adds a history line.</summary>
    public void Note(DateTimeOffset at, string line)
    {
        History.Add($"{at:yyyy-MM-ddTHH:mm:ss.fffZ} {line}");
        if (History.Count > HistoryLimit)
        {
            History.RemoveRange(0, History.Count - HistoryLimit);
        }
    }
}
