using DataUnion.Chain.Rpc;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace DataUnion.Cli;

/// <summary>
/// Transactions a member sends from their own wallet: each is simulated first, so a call that
/// would revert is refused with its decoded reason and never sent, then sent and followed to its
/// receipt.
/// </summary>
internal static class Transactions
{
    /// <summary>Simulates <paramref name="call"/> (a gas estimate from the sender); throws with the revert's reason.</summary>
    public static async Task SimulateAsync<TFunction>(Web3 web3, string contract, TFunction call, string what, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        try
        {
            await web3.Eth.GetContractTransactionHandler<TFunction>().EstimateGasAsync(contract, call).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (RevertReason.Of(ex) is { } reason)
        {
            throw new CliFailureException($"{what} would revert: {reason}; nothing was sent");
        }
    }

    /// <summary>Simulates, sends and waits for <paramref name="call"/>'s receipt; throws unless it succeeded.</summary>
    public static async Task<TransactionReceipt> SendAsync<TFunction>(Web3 web3, string contract, TFunction call, string what, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        await SimulateAsync(web3, contract, call, what, cancellationToken).ConfigureAwait(false);
        TransactionReceipt receipt;
        try
        {
            receipt = await web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAndWaitForReceiptAsync(contract, call, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcResponseException or RpcClientUnknownException or RpcClientTimeoutException or HttpRequestException)
        {
            throw new CliFailureException($"{what} was not sent: {ex.Message}");
        }

        return receipt.Status?.Value == 1
            ? receipt
            : throw new CliFailureException($"{what} reverted in transaction {receipt.TransactionHash} (block {receipt.BlockNumber?.Value})");
    }
}
