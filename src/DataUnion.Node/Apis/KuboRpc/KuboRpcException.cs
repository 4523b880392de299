namespace DataUnion.Node.Apis.KuboRpc;

/// <summary>A request the RPC subset answers with a kubo-shaped error and <see cref="StatusCode"/>.</summary>
internal sealed class KuboRpcException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
