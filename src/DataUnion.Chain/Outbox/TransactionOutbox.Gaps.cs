namespace DataUnion.Chain.Outbox;

public sealed partial class TransactionOutbox
{
    /// <summary>Empty transactions that fill a nonce gap have this kind.</summary>
    public const string NonceFillerKind = "fill nonce gap";

    /// <summary>
    /// A nonce below the outbox's oldest waiting transaction that nothing in the mempool or the
    /// outbox owns blocks every later transaction. Seen on two passes in a row, it is reported on
    /// the blocked intents and filled with an empty self-transfer.
    /// </summary>
    private async Task FillNonceGapsAsync(long head, CancellationToken cancellationToken)
    {
        var waiting = _store.Active().Where(i => i.State == IntentState.Sent && i.Nonce is not null).ToList();
        if (waiting.Count == 0)
        {
            _gapsSeen.Clear();
            return;
        }

        var oldest = waiting.Min(i => i.Nonce!.Value);
        var next = await _rpc.NonceAsync(Sender, pending: true, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        foreach (var seen in _gapsSeen.Keys.Where(n => n < next || n >= oldest).ToList())
        {
            _gapsSeen.Remove(seen);
        }

        for (var nonce = next; nonce < oldest; nonce++)
        {
            if (_store.OwnerOf(Sender, nonce) is { IsFinished: false })
            {
                continue;
            }

            if (!_gapsSeen.TryAdd(nonce, now))
            {
                var line = $"nonce gap: the chain's next nonce for {Sender} is {next}, but the outbox's oldest waiting transaction has nonce {oldest}; " +
                           $"nothing owns nonce {nonce}, so an empty transaction fills it";
                foreach (var blocked in waiting)
                {
                    blocked.LastError = line;
                    blocked.Note(now, line);
                    Save(blocked);
                }

                await SendFillerAsync(nonce, head, cancellationToken).ConfigureAwait(false);
                _gapsSeen.Remove(nonce);
            }
        }
    }

    private async Task SendFillerAsync(long nonce, long head, CancellationToken cancellationToken)
    {
        var key = $"nonce-filler:{Sender.ToLowerInvariant()}:{nonce}";
        var fees = await FeesAsync(cancellationToken).ConfigureAwait(false);
        if (fees is null)
        {
            LogDeferred(_logger, key, await FeeCapMessageAsync(cancellationToken).ConfigureAwait(false), _options.PollInterval);
            return;
        }

        var now = _time.GetUtcNow();
        if (_store.Find(key) is not null)
        {
            return;
        }

        // Signed first and inserted already owning its nonce, so a crash cannot leave a filler
        // without one (which the send path would give a fresh nonce).
        var (raw, hash) = _signer.Sign(nonce, fees.Value.Tip, fees.Value.MaxFee, 21_000, Sender, 0, "0x");
        var transaction = new SentTransaction(hash, raw, fees.Value.MaxFee, fees.Value.Tip, now);
        var (intent, created) = _store.Add(sequence =>
        {
            var filler = new TransactionIntent
            {
                Key = key,
                Sequence = sequence,
                Kind = NonceFillerKind,
                From = Sender,
                To = Sender,
                Data = "0x",
                Value = 0,
                State = IntentState.Sent,
                Nonce = nonce,
                GasLimit = 21_000,
                FirstSignedBlock = head,
                Transactions = [transaction],
                Created = now,
                Updated = now,
                NextAttempt = now,
            };
            filler.Note(now, $"signed {hash}: an empty transaction filling nonce {nonce}");
            return filler;
        });
        if (!created)
        {
            return;
        }

        await BroadcastAsync(intent, transaction, cancellationToken).ConfigureAwait(false);
    }
}
