using DataUnion.Chain.Rpc;

namespace DataUnion.Chain.Outbox;

public sealed partial class TransactionOutbox
{
    private readonly Dictionary<long, DateTimeOffset> _gapsSeen = [];

    /// <summary>
    /// One pass over the unfinished intents: follows the sent ones to their receipts (re-broadcast,
    /// fee bump, reorg, foreign nonce use), fills nonce gaps, then signs and sends queued ones up to
    /// the in-flight limit. An RPC failure on one intent is recorded on it and does not stop the others.
    /// </summary>
    /// <returns>How many intents are still unfinished.</returns>
    /// <exception cref="ChainRpcException">The chain's head or the operator's nonce cannot be read.</exception>
    public async Task<int> ProcessAsync(CancellationToken cancellationToken)
    {
        var active = _store.Active();
        if (active.Count == 0)
        {
            return 0;
        }

        var head = await _rpc.BlockNumberAsync(cancellationToken).ConfigureAwait(false);
        var minedNonce = await _rpc.NonceAsync(Sender, pending: false, cancellationToken).ConfigureAwait(false);
        var started = _time.GetUtcNow();
        foreach (var intent in active.Where(i => i.State is IntentState.Sent or IntentState.Mined && i.NextAttempt <= started))
        {
            await GuardAsync(intent, () => TrackAsync(intent, head, minedNonce, cancellationToken)).ConfigureAwait(false);
        }

        if (_options.FillNonceGaps)
        {
            await FillNonceGapsAsync(head, cancellationToken).ConfigureAwait(false);
        }

        var now = _time.GetUtcNow();
        var stillActive = _store.Active();
        var inFlight = stillActive.Count(i => i.State == IntentState.Sent);
        var batch = new SendBatch(head);
        foreach (var intent in stillActive.Where(i => i.State == IntentState.Queued))
        {
            if (inFlight >= _options.MaxInFlight)
            {
                break;
            }

            if (intent.NextAttempt > now)
            {
                continue;
            }

            await GuardAsync(intent, () => SendAsync(intent, batch, inFlight, cancellationToken)).ConfigureAwait(false);
            if (intent.State == IntentState.Sent)
            {
                inFlight++;
            }
        }

        return _store.Active().Count;
    }

    private async Task GuardAsync(TransactionIntent intent, Func<Task> step)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (ChainRpcException ex)
        {
            Defer(intent, ex.Message);
        }
    }
}
