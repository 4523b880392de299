using System.Numerics;

namespace DataUnion.Chain.Outbox;

public sealed partial class TransactionOutbox
{
    /// <summary>
    /// What every send of one pass shares, read once when the pass first sends: the fees, the
    /// operator's balance (less what this pass's transactions may cost) and the next nonce.
    /// </summary>
    private sealed class SendBatch(long head)
    {
        private bool _prepared;

        public long Head { get; } = head;

        public (BigInteger MaxFee, BigInteger Tip, BigInteger BaseFee)? Fees { get; private set; }

        public string? FeeCapMessage { get; private set; }

        public BigInteger Balance { get; set; }

        public BigInteger Committed { get; set; }

        public long NextNonce { get; set; }

        public async Task PrepareAsync(TransactionOutbox outbox, CancellationToken cancellationToken)
        {
            if (_prepared)
            {
                return;
            }

            Fees = await outbox.FeesAsync(cancellationToken).ConfigureAwait(false);
            FeeCapMessage = Fees is null ? await outbox.FeeCapMessageAsync(cancellationToken).ConfigureAwait(false) : null;
            Balance = await outbox._rpc.BalanceAsync(outbox.Sender, cancellationToken).ConfigureAwait(false);
            var pending = await outbox._rpc.NonceAsync(outbox.Sender, pending: true, cancellationToken).ConfigureAwait(false);
            NextNonce = Math.Max(pending, (outbox._store.HighestNonce(outbox.Sender) ?? -1) + 1);
            _prepared = true;
        }
    }
}
