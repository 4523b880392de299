using System.Numerics;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;

namespace DataUnion.Chain.Outbox;

public sealed partial class TransactionOutbox
{
    /// <summary>Follows a sent or mined intent one step.</summary>
    private async Task TrackAsync(TransactionIntent intent, long head, long minedNonce, CancellationToken cancellationToken)
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

        // The receipts were asked for after the nonce was read, so a mined nonce here is not ours.
        if (minedNonce > intent.Nonce)
        {
            await ResolveForeignNonceAsync(intent, cancellationToken).ConfigureAwait(false);
            return;
        }

        var latest = intent.Latest!;
        if (await _rpc.TransactionAsync(latest.Hash, cancellationToken).ConfigureAwait(false) is null)
        {
            intent.Note(_time.GetUtcNow(), $"the node does not know {latest.Hash}: broadcasting it again");
            await BroadcastAsync(intent, latest, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_time.GetUtcNow() - latest.SignedAt >= _options.ResendAfter)
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
            if (receipt is not null)
            {
                intent.Receipt = ToReceipt(receipt);
                Progress(intent, IntentState.Mined,
                    $"nonce {nonce} was used by a transaction this outbox did not send, but the intent's effect is on chain ({log.TransactionHash}, block {intent.Receipt.BlockNumber}): not sending again");
                return;
            }
        }

        intent.Nonce = null;
        var line = $"nonce {nonce} was used by a transaction this outbox did not send (is the operator key used elsewhere?); " +
                   $"none of the intent's {intent.Transactions.Count} transaction(s) was mined{(intent.Effect is null ? string.Empty : " and its effect is not on chain")}, so it gets a new nonce";
        Progress(intent, IntentState.Queued, line);
        intent.LastError = line;
        Save(intent);
    }

    private async Task<FilterLog?> FindEffectAsync(IntentEffect effect, long fromBlock, CancellationToken cancellationToken)
    {
        var topics = effect.Topics.Select(t => (object?)t).ToArray();
        var filter = new NewFilterInput
        {
            Address = [effect.Address],
            FromBlock = new BlockParameter(new HexBigInteger(fromBlock)),
            ToBlock = BlockParameter.CreateLatest(),
            Topics = topics!,
        };
        var logs = await _rpc.LogsAsync(filter, cancellationToken).ConfigureAwait(false);
        return logs.FirstOrDefault(l => !l.Removed && effect.DataMatches(l.Data));
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

    private static IntentReceipt ToReceipt(TransactionReceipt receipt) => new(
        receipt.TransactionHash,
        (long)receipt.BlockNumber.Value,
        receipt.BlockHash,
        receipt.GasUsed?.Value ?? 0,
        receipt.Status?.Value == 1);
}
