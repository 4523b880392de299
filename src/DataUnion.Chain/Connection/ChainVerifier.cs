using DataUnion.Core.Deployment;
using Nethereum.JsonRpc.Client;
using Nethereum.Util;
using Nethereum.Web3;

namespace DataUnion.Chain.Connection;

/// <summary>
/// Checks that a chain is the one a deployment record describes: the same chain id, and at
/// every recorded address the runtime code whose hash the record holds.
/// </summary>
public static class ChainVerifier
{
    /// <summary>Throws <see cref="ChainStartupException"/> naming the first mismatch.</summary>
    /// <param name="web3">Client for the chain.</param>
    /// <param name="record">The deployment record to check.</param>
    /// <param name="rpcUrl">Endpoint, for messages (redacted before use).</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    public static async Task VerifyAsync(IWeb3 web3, DeploymentRecord record, string rpcUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(web3);
        ArgumentNullException.ThrowIfNull(record);
        var endpoint = RpcEndpoint.Redact(rpcUrl);

        var chainIdAnswer = await CallAsync(() => web3.Eth.ChainId.SendRequestAsync(), endpoint, "eth_chainId", cancellationToken)
            .ConfigureAwait(false);
        if (chainIdAnswer.Value <= 0 || chainIdAnswer.Value > long.MaxValue)
        {
            throw new ChainStartupException($"the chain at {endpoint} answered eth_chainId with {chainIdAnswer.Value}, which is not a usable chain id");
        }

        var chainId = (long)chainIdAnswer.Value;
        if (chainId != record.ChainId)
        {
            throw new ChainStartupException(
                $"the chain at {endpoint} has chain id {chainId}, but the deployment record is for chain id {record.ChainId}");
        }

        foreach (var contract in record.Contracts.Values)
        {
            var code = await CallAsync(() => web3.Eth.GetCode.SendRequestAsync(contract.Address), endpoint, "eth_getCode", cancellationToken)
                .ConfigureAwait(false);
            if (string.IsNullOrEmpty(code) || code == "0x")
            {
                throw new ChainStartupException(
                    $"no contract code at {contract.Address} ({contract.Name}) on chain {chainId}: the deployment record does not match this chain");
            }

            var codeHash = "0x" + Sha3Keccack.Current.CalculateHashFromHex(code);
            if (!string.Equals(codeHash, contract.CodeHash, StringComparison.OrdinalIgnoreCase))
            {
                throw new ChainStartupException(
                    $"the code at {contract.Address} ({contract.Name}) hashes to {codeHash}, but the deployment record says {contract.CodeHash}");
            }
        }
    }

    /// <summary>Runs one RPC call, turning transport failures into a message that names the endpoint.</summary>
    internal static async Task<T> CallAsync<T>(Func<Task<T>> call, string endpoint, string method, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await call().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcClientUnknownException or RpcClientTimeoutException or HttpRequestException or RpcResponseException or TaskCanceledException
                                   && !cancellationToken.IsCancellationRequested)
        {
            throw new ChainStartupException($"the chain at {endpoint} did not answer {method}: {Describe(ex)}", ex);
        }
    }

    private static string Describe(Exception ex)
    {
        var innermost = ex;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return innermost == ex ? ex.Message : $"{ex.Message} ({innermost.Message})";
    }
}
