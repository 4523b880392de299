namespace DataUnion.Chain.Rpc;

/// <summary>What went wrong with a JSON-RPC call.</summary>
public enum ChainRpcFailure
{
    /// <summary>No usable answer after every retry: connection refused, timeout, or an answer that is not JSON-RPC.</summary>
    Unavailable,

    /// <summary>The node answered with a JSON-RPC error (a revert, "nonce too low", ...). Not retried.</summary>
    Rejected,
}

/// <summary>A JSON-RPC call failed. The message names the method, the endpoint (redacted) and the cause.</summary>
public sealed class ChainRpcException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChainRpcException(string method, ChainRpcFailure failure, string message, Exception? innerException = null, string? errorData = null)
        : base(message, innerException)
    {
        Method = method;
        Failure = failure;
        ErrorData = errorData;
    }

    /// <summary>The JSON-RPC method that failed (<c>eth_sendRawTransaction</c>, ...).</summary>
    public string Method { get; }

    /// <summary>Whether the endpoint was unusable or answered with an error.</summary>
    public ChainRpcFailure Failure { get; }

    /// <summary>The <c>data</c> of a JSON-RPC error (revert data for a failed call), or null.</summary>
    public string? ErrorData { get; }
}
