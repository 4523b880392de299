using DataUnion.Chain.Rpc;
using Microsoft.Extensions.Logging;

namespace DataUnion.Chain.Outbox;

public sealed partial class TransactionOutbox
{
    private readonly Dictionary<long, DateTimeOffset> _gapsSeen = [];
    private readonly HashSet<string> _foreignNonceSeen = new(StringComparer.Ordinal);

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
        // The nonce as of the deepest block the confirmations trust, so a tip reorg cannot fake a used nonce.
        var confirmedNonce = await _rpc.NonceAsync(Sender, Math.Max(0, head - _confirmations + 1), cancellationToken).ConfigureAwait(false);
        var started = _time.GetUtcNow();
        foreach (var intent in active.Where(i => i.State is IntentState.Sent or IntentState.Mined && i.NextAttempt <= started))
        {
            await GuardAsync(intent, () => TrackAsync(intent, head, confirmedNonce, cancellationToken)).ConfigureAwait(false);
        }

        if (_options.FillNonceGaps)
        {
            try
            {
                await FillNonceGapsAsync(head, cancellationToken).ConfigureAwait(false);
            }
            catch (ChainRpcException ex)
            {
                // The next pass looks at the gap again; queued intents still go out.
                LogDeferred(_logger, "nonce gap", ex.Message, _options.PollInterval);
            }
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
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // One intent's unexpected failure (a storage error, an answer that breaks a conversion)
            // is kept on it and backed off; the other intents go on.
            LogUnexpected(_logger, intent.Key, ex);
            Defer(intent, $"unexpected error: {ex.GetType().Name}: {ex.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox: unexpected failure on intent {Key}")]
    private static partial void LogUnexpected(ILogger logger, string key, Exception exception);
}
