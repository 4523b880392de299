using System.Numerics;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Polly;
using Polly.Retry;

namespace DataUnion.Chain.Rpc;

/// <summary>
/// The JSON-RPC calls the outbox and the indexer make, each retried with exponential backoff
/// when the endpoint is unreachable, times out or answers with something that is not JSON-RPC.
/// A JSON-RPC error answer (a revert, "nonce too low") is a real answer and is never retried.
/// Failures surface as <see cref="ChainRpcException"/> naming the method and the endpoint.
/// </summary>
public sealed partial class ChainRpc
{
    private readonly IWeb3 _web3;
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly ResiliencePipeline _retry;

    /// <summary>Creates the client; Nethereum's calls and the direct ones share one <see cref="HttpClient"/>.</summary>
    /// <param name="url">The endpoint.</param>
    /// <param name="timeout">Longest wait for one answer.</param>
    /// <param name="attempts">Tries per call, at least 1.</param>
    /// <param name="firstDelay">Wait before the second try; doubles per try.</param>
    /// <param name="timeProvider">Clock for the backoff.</param>
    public ChainRpc(string url, TimeSpan timeout, int attempts, TimeSpan firstDelay, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        // One HttpClient per connection: the node talks to one RPC endpoint for its lifetime.
        _http = new HttpClient { Timeout = timeout };
        _url = new Uri(url);
        _web3 = Connection.ChainConnection.CreateWeb3(_url, _http);
        Endpoint = RpcEndpoint.Redact(url);
        Attempts = attempts;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (attempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && IsTransient(ex) && !args.Context.CancellationToken.IsCancellationRequested),
                MaxRetryAttempts = attempts - 1,
                Delay = firstDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        _retry = builder.Build();
    }

    /// <summary>The endpoint, redacted, for messages.</summary>
    public string Endpoint { get; }

    /// <summary>Tries per call.</summary>
    public int Attempts { get; }

    /// <summary>The underlying client.</summary>
    public IWeb3 Web3 => _web3;

    /// <summary><c>eth_blockNumber</c>.</summary>
    public async Task<long> BlockNumberAsync(CancellationToken cancellationToken) =>
        (long)(await CallAsync("eth_blockNumber", () => _web3.Eth.Blocks.GetBlockNumber.SendRequestAsync(), cancellationToken).ConfigureAwait(false)).Value;

    /// <summary><c>eth_getBlockByNumber</c> without transactions; null when the chain has no such block.</summary>
    public Task<BlockWithTransactionHashes?> BlockAsync(long number, CancellationToken cancellationToken) =>
        CallAsync<BlockWithTransactionHashes?>(
            "eth_getBlockByNumber",
            async () => await _web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber
                .SendRequestAsync(new BlockParameter(new HexBigInteger(number))).ConfigureAwait(false),
            cancellationToken);

    /// <summary>The latest block (for its number, hash and base fee).</summary>
    public async Task<BlockWithTransactionHashes> LatestBlockAsync(CancellationToken cancellationToken) =>
        await CallAsync(
            "eth_getBlockByNumber",
            () => _web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest()),
            cancellationToken).ConfigureAwait(false)
        ?? throw Garbage("eth_getBlockByNumber", "no latest block");

    /// <summary><c>eth_maxPriorityFeePerGas</c>: the node's suggested tip, in wei.</summary>
    public async Task<BigInteger> MaxPriorityFeePerGasAsync(CancellationToken cancellationToken) =>
        (await CallAsync(
            "eth_maxPriorityFeePerGas",
            () => _web3.Client.SendRequestAsync<HexBigInteger>("eth_maxPriorityFeePerGas"),
            cancellationToken).ConfigureAwait(false)).Value;

    /// <summary><c>eth_estimateGas</c>; a revert comes back as a <see cref="ChainRpcFailure.Rejected"/> failure with its data.</summary>
    public async Task<BigInteger> EstimateGasAsync(CallInput call, CancellationToken cancellationToken) =>
        (await CallAsync("eth_estimateGas", () => _web3.Eth.Transactions.EstimateGas.SendRequestAsync(call), cancellationToken)
            .ConfigureAwait(false)).Value;

    /// <summary><c>eth_getBalance</c> at the latest block, in wei.</summary>
    public async Task<BigInteger> BalanceAsync(string address, CancellationToken cancellationToken) =>
        (await CallAsync("eth_getBalance", () => _web3.Eth.GetBalance.SendRequestAsync(address), cancellationToken).ConfigureAwait(false)).Value;

    /// <summary><c>eth_getTransactionCount</c>: mined transactions (<paramref name="pending"/> false) or with the mempool's.</summary>
    public async Task<long> NonceAsync(string address, bool pending, CancellationToken cancellationToken) =>
        (long)(await CallAsync(
            "eth_getTransactionCount",
            () => _web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(address, pending ? BlockParameter.CreatePending() : BlockParameter.CreateLatest()),
            cancellationToken).ConfigureAwait(false)).Value;

    /// <summary><c>eth_getTransactionCount</c> as of block <paramref name="block"/>: the transactions mined up to it.</summary>
    public async Task<long> NonceAsync(string address, long block, CancellationToken cancellationToken) =>
        (long)(await CallAsync(
            "eth_getTransactionCount",
            () => _web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(address, new BlockParameter(new HexBigInteger(block))),
            cancellationToken).ConfigureAwait(false)).Value;

    /// <summary><c>eth_sendRawTransaction</c>.</summary>
    public Task<string> SendRawTransactionAsync(string signedTransaction, CancellationToken cancellationToken) =>
        CallAsync("eth_sendRawTransaction", () => _web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(signedTransaction), cancellationToken);

    /// <summary><c>eth_getTransactionReceipt</c>; null while the transaction is not mined.</summary>
    public Task<TransactionReceipt?> ReceiptAsync(string hash, CancellationToken cancellationToken) =>
        CallAsync<TransactionReceipt?>(
            "eth_getTransactionReceipt",
            async () => await _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash).ConfigureAwait(false),
            cancellationToken);

    /// <summary><c>eth_getTransactionByHash</c>; null when the node does not know the transaction.</summary>
    public Task<Transaction?> TransactionAsync(string hash, CancellationToken cancellationToken) =>
        CallAsync<Transaction?>(
            "eth_getTransactionByHash",
            async () => await _web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(hash).ConfigureAwait(false),
            cancellationToken);

    private async Task<T> CallAsync<T>(string method, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var tries = 0;
        try
        {
            return await _retry.ExecuteAsync(
                async token =>
                {
                    tries++;
                    return await call().WaitAsync(token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RpcResponseException ex)
        {
            throw new ChainRpcException(
                method,
                ChainRpcFailure.Rejected,
                $"{Endpoint} refused {method}: {ex.RpcError?.Message ?? ex.Message}",
                ex,
                ex.RpcError?.Data?.ToString());
        }
        catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw new ChainRpcException(
                method,
                ChainRpcFailure.Unavailable,
                $"{method} at {Endpoint} failed {tries} time(s): {Describe(ex)}",
                ex);
        }
    }

    private ChainRpcException Garbage(string method, string what) =>
        new(method, ChainRpcFailure.Unavailable, $"{Endpoint} answered {method} with {what}");
}
