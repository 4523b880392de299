using Nethereum.JsonRpc.Client;

namespace DataUnion.Chain.Rpc;

public sealed partial class ChainRpc
{
    /// <summary>
    /// Transport failures worth another try: refused or reset connections, timeouts, and answers
    /// that do not parse as JSON-RPC (a proxy's HTML page, a truncated body).
    /// </summary>
    internal static bool IsTransient(Exception ex) => ex switch
    {
        RpcResponseException => false,
        ChainRpcException => false,
        OperationCanceledException => true, // HttpClient's timeout; a cancelled stop token is filtered by the caller
        RpcClientTimeoutException or RpcClientUnknownException or HttpRequestException or IOException => true,
        Newtonsoft.Json.JsonException or System.Text.Json.JsonException or KeyNotFoundException or FormatException or InvalidCastException or OverflowException => true,
        // Nethereum's client dereferences a missing response object when the body is empty or not JSON-RPC.
        NullReferenceException => true,
        _ => false,
    };

    private static string Describe(Exception ex)
    {
        var chain = new List<Exception>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            chain.Add(e);
        }

        var innermost = chain[^1];
        if (chain.Any(e => e is RpcClientTimeoutException or TimeoutException or OperationCanceledException))
        {
            // Nethereum's own timeout message names its default, not the configured timeout.
            return "no answer within the RPC timeout (Chain:RpcTimeout)";
        }

        if (chain.Any(e => e is Newtonsoft.Json.JsonException or System.Text.Json.JsonException or KeyNotFoundException or FormatException or InvalidCastException or NullReferenceException))
        {
            return $"the answer is not a valid JSON-RPC response ({innermost.Message})";
        }

        return innermost == ex ? ex.Message : $"{ex.Message} ({innermost.Message})";
    }
}
