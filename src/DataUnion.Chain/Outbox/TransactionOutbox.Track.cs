using System.Numerics;
using DataUnion.Chain.Rpc;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;

namespace DataUnion.Chain.Outbox;

public sealed partial class TransactionOutbox
{
    /// <summary>Follows a sent or mined intent one step.</summary>
    private async Task TrackAsync(TransactionIntent intent, long head, long confirmedNonce, CancellationToken cancellationToken)
    {
        if (intent.State == IntentState.Mined)
        {
            await ConfirmAsync(intent, head, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Any of its transactions may be the mined one: a bumped replacement or the original.
        for (var i = intent.Transactions.Count - 1; i >= 0; i--)
        {
            if (await _rpc.ReceiptAsync(intent.Transactions[i].Hash, cancellationToken).ConfigureAwait(false) is { } receipt)
            {
                intent.Receipt = ToReceipt(receipt);
                Progress(intent, IntentState.Mined, $"mined in block {intent.Receipt.BlockNumber} by {receipt.TransactionHash} (gas used {intent.Receipt.GasUsed})");
                Count(intent, intent.Receipt, head);
                return;
            }
        }

        // The receipts were asked for after the nonce was read, so a nonce used at the confirmed
        // depth here was used by another transaction. Acting on it takes two passes in a row: one
        // answer from a lagging node must not give the intent a second nonce.
        if (confirmedNonce > intent.Nonce)
        {
            if (_foreignNonceSeen.Add(intent.Key))
            {
                intent.Note(_time.GetUtcNow(), $"nonce {intent.Nonce} looks used by another transaction; checking again next pass");
                Save(intent);
                return;
            }

            _foreignNonceSeen.Remove(intent.Key);
            await ResolveForeignNonceAsync(intent, cancellationToken).ConfigureAwait(false);
            return;
        }

        _foreignNonceSeen.Remove(intent.Key);
        var latest = intent.Latest!;
        var stale = _time.GetUtcNow() - latest.SignedAt >= _options.ResendAfter;
        if (await _rpc.TransactionAsync(latest.Hash, cancellationToken).ConfigureAwait(false) is null && !stale)
        {
            intent.Note(_time.GetUtcNow(), $"the node does not know {latest.Hash}: broadcasting it again");
            await BroadcastAsync(intent, latest, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Not mined in time, whether the node still holds it or keeps refusing it (fees below the base fee).
        if (stale)
        {
            await BumpAsync(intent, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Checks the mined transaction is still in the chain and counts its confirmations.</summary>
    private async Task ConfirmAsync(TransactionIntent intent, long head, CancellationToken cancellationToken)
    {
        var stored = intent.Receipt!;
        var receipt = await _rpc.ReceiptAsync(stored.TransactionHash, cancellationToken).ConfigureAwait(false);
        if (receipt is null)
        {
            intent.Receipt = null;
            Progress(intent, IntentState.Sent, $"the receipt of {stored.TransactionHash} in block {stored.BlockNumber} is gone (a reorg); waiting for it to be mined again");
            return;
        }

        var current = ToReceipt(receipt);
        if (current.BlockHash != stored.BlockHash)
        {
            intent.Receipt = current;
            intent.Note(_time.GetUtcNow(), $"re-mined in block {current.BlockNumber} after a reorg");
            Save(intent);
        }

        Count(intent, current, head);
    }

    /// <summary>Finishes the intent once its receipt has the configured confirmations.</summary>
    private void Count(TransactionIntent intent, IntentReceipt current, long head)
    {
        var confirmations = head - current.BlockNumber + 1;
        if (confirmations < _confirmations)
        {
            return;
        }

        Progress(
            intent,
            current.Succeeded ? IntentState.Confirmed : IntentState.Reverted,
            current.Succeeded
                ? $"confirmed: {confirmations} confirmation(s) of {current.TransactionHash}"
                : $"reverted on chain in block {current.BlockNumber} ({current.TransactionHash}, status 0)");
    }

    /// <summary>
    /// The intent's nonce was used, by none of its transactions. If its effect is on chain another
    /// transaction did the work and it is done; otherwise it gets a new nonce.
    /// </summary>
    private async Task ResolveForeignNonceAsync(TransactionIntent intent, CancellationToken cancellationToken)
    {
        var nonce = intent.Nonce;
        if (intent.Kind == NonceFillerKind)
        {
            Progress(intent, IntentState.Confirmed, $"nonce {nonce} was used by another transaction: the gap is filled");
            return;
        }

        if (intent.Effect is { } effect && await FindEffectAsync(effect, intent.FirstSignedBlock ?? 0, cancellationToken).ConfigureAwait(false) is { } log)
        {
            var receipt = await _rpc.ReceiptAsync(log.TransactionHash, cancellationToken).ConfigureAwait(false);
            if (receipt is null)
            {
                // The effect is there; never send again. Its receipt will come.
                Defer(intent, $"the intent's effect is on chain in {log.TransactionHash}, whose receipt the node does not give yet");
                return;
            }

            intent.Receipt = ToReceipt(receipt);
            Progress(intent, IntentState.Mined,
                $"nonce {nonce} was used by a transaction this outbox did not send, but the intent's effect is on chain ({log.TransactionHash}, block {intent.Receipt.BlockNumber}): not sending again");
            return;
        }

        intent.Nonce = null;
        var line = $"nonce {nonce} was used by a transaction this outbox did not send (is the operator key used elsewhere?); " +
                   $"none of the intent's {intent.Transactions.Count} transaction(s) was mined{(intent.Effect is null ? string.Empty : " and its effect is not on chain")}, so it gets a new nonce";
        Progress(intent, IntentState.Queued, line);
        intent.LastError = line;
        Save(intent);
    }

    /// <summary>Searches the effect's logs from <paramref name="fromBlock"/> to the head, in ranges providers accept.</summary>
    private async Task<ChainLog?> FindEffectAsync(IntentEffect effect, long fromBlock, CancellationToken cancellationToken)
    {
        const long Range = 2_000;
        var head = await _rpc.BlockNumberAsync(cancellationToken).ConfigureAwait(false);
        var topics = effect.Topics.Select(t => t is null ? null : (IReadOnlyList<string>)[t]).ToList();
        for (var from = fromBlock; from <= head; from += Range)
        {
            var filter = new LogQuery(from, Math.Min(head, from + Range - 1), [effect.Address], topics);
            var logs = await _rpc.LogsAsync(filter, cancellationToken).ConfigureAwait(false);
            if (logs.FirstOrDefault(l => !l.Removed && effect.DataMatches(l.Data)) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Replaces a stuck transaction: same nonce and gas, fees up by the bump percent, never above the caps.</summary>
    private async Task BumpAsync(TransactionIntent intent, CancellationToken cancellationToken)
    {
        var latest = intent.Latest!;
        var factor = 100 + _options.FeeBumpPercent;
        var current = await FeesAsync(cancellationToken).ConfigureAwait(false);
        var tip = BigInteger.Max(Ceiling(latest.MaxPriorityFeePerGas * factor, 100), current?.Tip ?? 0);
        var maxFee = BigInteger.Max(Ceiling(latest.MaxFeePerGas * factor, 100), current is { } fees ? (2 * fees.BaseFee) + tip : 0);
        tip = BigInteger.Min(tip, _options.MaxPriorityFeePerGasWei);
        maxFee = BigInteger.Min(maxFee, _options.MaxFeePerGasWei);
        // Nodes accept a replacement only when both fees rise by at least 10 %.
        if (tip * 10 < latest.MaxPriorityFeePerGas * 11 || maxFee * 10 < latest.MaxFeePerGas * 11 || tip > maxFee)
        {
            Defer(intent, $"gas cap exceeded: {latest.Hash} (nonce {intent.Nonce}) is not mined after {_time.GetUtcNow() - latest.SignedAt:g}, " +
                          $"and its fees (max fee {Gwei(latest.MaxFeePerGas)}, tip {Gwei(latest.MaxPriorityFeePerGas)}) cannot rise 10 % within " +
                          $"Chain:Outbox:MaxFeePerGasGwei ({Gwei(_options.MaxFeePerGasWei)}) and MaxPriorityFeePerGasGwei ({Gwei(_options.MaxPriorityFeePerGasWei)})");
            return;
        }

        var (raw, hash) = _signer.Sign(intent.Nonce!.Value, tip, maxFee, intent.GasLimit!.Value, intent.To, intent.Value, intent.Data);
        var replacement = new SentTransaction(hash, raw, maxFee, tip, _time.GetUtcNow());
        intent.Transactions.Add(replacement);
        Progress(intent, IntentState.Sent, $"not mined after {_options.ResendAfter:g}: replaced by {hash} (nonce {intent.Nonce}, max fee {Gwei(maxFee)}, tip {Gwei(tip)})");
        await BroadcastAsync(intent, replacement, cancellationToken).ConfigureAwait(false);
    }

    private static BigInteger Ceiling(BigInteger numerator, BigInteger denominator) => (numerator + denominator - 1) / denominator;

    private IntentReceipt ToReceipt(TransactionReceipt receipt) =>
        receipt.BlockNumber?.Value is not { } block || block < 0 || block > long.MaxValue || string.IsNullOrEmpty(receipt.BlockHash) || string.IsNullOrEmpty(receipt.TransactionHash)
            ? throw new ChainRpcException("eth_getTransactionReceipt", ChainRpcFailure.Unavailable, $"{_rpc.Endpoint} answered eth_getTransactionReceipt with a receipt lacking its block number, block hash or transaction hash")
            : new IntentReceipt(receipt.TransactionHash, (long)block, receipt.BlockHash, receipt.GasUsed?.Value ?? 0, receipt.Status?.Value == 1);
}
