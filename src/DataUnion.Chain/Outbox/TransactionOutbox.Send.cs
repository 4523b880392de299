using System.Numerics;
using DataUnion.Chain.Rpc;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;

namespace DataUnion.Chain.Outbox;

public sealed partial class TransactionOutbox
{
    /// <summary>Gives a queued intent its gas, fees and nonce; signs it, writes it down, then broadcasts it.</summary>
    private async Task SendAsync(TransactionIntent intent, SendBatch batch, int inFlight, CancellationToken cancellationToken)
    {
        BigInteger estimate;
        try
        {
            estimate = await _rpc.EstimateGasAsync(
                new CallInput { From = Sender, To = intent.To, Data = intent.Data, Value = new HexBigInteger(intent.Value) },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ChainRpcException ex) when (ex.Failure == ChainRpcFailure.Rejected)
        {
            var reason = RevertReason.Describe(ex.ErrorData) ?? ex.Message;
            if (inFlight > 0)
            {
                Defer(intent, $"the call would revert now ({reason}); waiting for the {inFlight} transaction(s) in flight, which may change that");
            }
            else
            {
                Fail(intent, $"the call would revert: {reason}");
            }

            return;
        }

        var gas = estimate * (100 + _options.GasMarginPercent) / 100;
        if (gas > _options.MaxGasPerTransaction)
        {
            Fail(intent, $"it needs {gas} gas (estimate {estimate} + {_options.GasMarginPercent} %), above Chain:Outbox:MaxGasPerTransaction {_options.MaxGasPerTransaction}");
            return;
        }

        await batch.PrepareAsync(this, cancellationToken).ConfigureAwait(false);
        if (batch.Fees is not { } fees)
        {
            Defer(intent, batch.FeeCapMessage!);
            return;
        }

        var cost = (gas * fees.MaxFee) + intent.Value;
        if (batch.Balance < cost)
        {
            Defer(intent, $"insufficient funds: the operator {Sender} holds {Ether(batch.Balance)}{(batch.Committed > 0 ? $" ({Ether(batch.Committed)} of it promised to transactions just sent)" : string.Empty)}, " +
                          $"and {intent.Kind} may cost up to {Ether(cost)} (gas {gas} × max fee {Gwei(fees.MaxFee)} + value {Ether(intent.Value)}); fund the operator wallet");
            return;
        }

        var nonce = batch.NextNonce++;
        batch.Balance -= cost;
        batch.Committed += cost;
        var (raw, hash) = _signer.Sign(nonce, fees.Tip, fees.MaxFee, gas, intent.To, intent.Value, intent.Data);
        var transaction = new SentTransaction(hash, raw, fees.MaxFee, fees.Tip, _time.GetUtcNow());
        intent.Nonce = nonce;
        intent.GasLimit = gas;
        intent.FirstSignedBlock ??= batch.Head;
        intent.Transactions.Add(transaction);
        // Written down before it is broadcast: after a crash the same transaction is re-broadcast, never a new one.
        Progress(intent, IntentState.Sent, $"signed {hash} with nonce {nonce}, gas {gas}, max fee {Gwei(fees.MaxFee)}, tip {Gwei(fees.Tip)}");
        await BroadcastAsync(intent, transaction, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Broadcasts a written-down transaction. A refusal is recorded on the intent; the next pass works out what it means.</summary>
    private async Task BroadcastAsync(TransactionIntent intent, SentTransaction transaction, CancellationToken cancellationToken)
    {
        try
        {
            await _rpc.SendRawTransactionAsync(transaction.SignedTransaction, cancellationToken).ConfigureAwait(false);
            intent.Note(_time.GetUtcNow(), $"broadcast {transaction.Hash}");
            Save(intent);
        }
        catch (ChainRpcException ex) when (ex.Failure == ChainRpcFailure.Rejected)
        {
            var said = ex.Message.ToLowerInvariant();
            if (said.Contains("already known", StringComparison.Ordinal) || said.Contains("known transaction", StringComparison.Ordinal)
                || said.Contains("already imported", StringComparison.Ordinal))
            {
                intent.Note(_time.GetUtcNow(), $"the node already had {transaction.Hash}");
                Save(intent);
            }
            else if (said.Contains("nonce too low", StringComparison.Ordinal) || said.Contains("nonce has already been used", StringComparison.Ordinal))
            {
                Defer(intent, $"the node says nonce {intent.Nonce} is already used ({ex.Message}); the next pass looks for this intent's receipt and effect");
            }
            else if (said.Contains("insufficient funds", StringComparison.Ordinal) || said.Contains("enough funds", StringComparison.Ordinal))
            {
                Defer(intent, $"insufficient funds for {transaction.Hash} (nonce {intent.Nonce}): {ex.Message}; fund the operator wallet {Sender}");
            }
            else
            {
                Defer(intent, $"the node refused {transaction.Hash} (nonce {intent.Nonce}): {ex.Message}");
            }
        }
    }

    /// <summary>The fees to sign with now, or null when the base fee and tip already exceed the cap.</summary>
    private async Task<(BigInteger MaxFee, BigInteger Tip, BigInteger BaseFee)?> FeesAsync(CancellationToken cancellationToken)
    {
        var block = await _rpc.LatestBlockAsync(cancellationToken).ConfigureAwait(false);
        var baseFee = block.BaseFeePerGas?.Value
            ?? throw new ChainRpcException("eth_getBlockByNumber", ChainRpcFailure.Rejected, $"the latest block at {_rpc.Endpoint} has no base fee: the chain does not support EIP-1559");
        var suggested = await _rpc.MaxPriorityFeePerGasAsync(cancellationToken).ConfigureAwait(false);
        var tip = BigInteger.Min(suggested, _options.MaxPriorityFeePerGasWei);
        if (baseFee + tip > _options.MaxFeePerGasWei)
        {
            return null;
        }

        // Twice the base fee survives six full blocks of base-fee rises before the transaction stalls.
        return (BigInteger.Min((2 * baseFee) + tip, _options.MaxFeePerGasWei), tip, baseFee);
    }

    private async Task<string> FeeCapMessageAsync(CancellationToken cancellationToken)
    {
        var block = await _rpc.LatestBlockAsync(cancellationToken).ConfigureAwait(false);
        var baseFee = block.BaseFeePerGas?.Value ?? 0;
        return $"gas cap exceeded: the base fee is {Gwei(baseFee)}, above Chain:Outbox:MaxFeePerGasGwei ({Gwei(_options.MaxFeePerGasWei)}) " +
               $"with the tip; waiting for fees to fall, or raise the cap";
    }

    private void Fail(TransactionIntent intent, string reason)
    {
        Progress(intent, IntentState.Failed, $"failed: {reason}");
        intent.LastError = reason;
        Save(intent);
    }
}
