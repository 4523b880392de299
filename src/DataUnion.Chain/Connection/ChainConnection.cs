using DataUnion.Chain.Rpc;
using DataUnion.Chain.Storage;
using DataUnion.Core.Deployment;
using Nethereum.JsonRpc.Client;
using Nethereum.Web3;

namespace DataUnion.Chain.Connection;

/// <summary>
/// The verified connection to the chain, available once <see cref="ChainStartup"/> has checked
/// the deployment record against it. Registered as a singleton.
/// </summary>
public sealed class ChainConnection
{
    private State? _state;

    /// <summary>True once the chain has been verified.</summary>
    public bool IsEstablished => _state is not null;

    /// <summary>The Nethereum client.</summary>
    public IWeb3 Web3 => Current.Web3;

    /// <summary>The retrying JSON-RPC client of the outbox and the indexer.</summary>
    public ChainRpc Rpc => Current.Rpc;

    /// <summary>The outbox and index database of this chain.</summary>
    public ChainDatabase Database => Current.Database;

    /// <summary>The verified deployment record.</summary>
    public DeploymentRecord Deployment => Current.Deployment;

    /// <summary>Endpoint for logs and messages, API key removed.</summary>
    public string RedactedRpcUrl => RpcEndpoint.Redact(Current.RpcUrl);

    /// <summary>True when the node started this chain itself.</summary>
    public bool IsLocal => Current.IsLocal;

    private State Current => _state ?? throw new InvalidOperationException("the chain connection is not established yet");

    /// <summary>Creates a Nethereum client whose calls time out after <paramref name="timeout"/>.</summary>
    public static Web3 CreateWeb3(string rpcUrl, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rpcUrl);
        // One HttpClient per connection: the node talks to one RPC endpoint for its lifetime.
        return CreateWeb3(new Uri(rpcUrl), new HttpClient { Timeout = timeout });
    }

    /// <summary>Creates a Nethereum client that sends through <paramref name="http"/>.</summary>
    public static Web3 CreateWeb3(Uri rpcUrl, HttpClient http) => new(new RpcClient(rpcUrl, http));

    /// <summary>Asks for the latest block number: a cheap proof that the chain answers.</summary>
    /// <returns>Null when the chain answered, else what went wrong.</returns>
    public async Task<string?> PingAsync(CancellationToken cancellationToken)
    {
        if (_state is not { } state)
        {
            return "the chain connection is not established yet";
        }

        try
        {
            await ChainVerifier.CallAsync(
                () => state.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync(),
                RpcEndpoint.Redact(state.RpcUrl),
                "eth_blockNumber",
                cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (ChainStartupException ex)
        {
            return ex.Message;
        }
    }

    internal void Establish(IWeb3 web3, DeploymentRecord deployment, string rpcUrl, bool isLocal, ChainRpc rpc, ChainDatabase database) =>
        _state = new State(web3, deployment, rpcUrl, isLocal, rpc, database);

    private sealed record State(IWeb3 Web3, DeploymentRecord Deployment, string RpcUrl, bool IsLocal, ChainRpc Rpc, ChainDatabase Database);
}
