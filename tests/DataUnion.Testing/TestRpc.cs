using DataUnion.Chain.Rpc;

namespace DataUnion.Testing;

/// <summary>The JSON-RPC client tests and benchmarks talk to Hardhat with: real time, quick retries.</summary>
public static class TestRpc
{
    /// <summary>A client for <paramref name="url"/> with three attempts 10 ms apart and <paramref name="timeout"/> per call (default 5 s).</summary>
    public static ChainRpc For(string url, TimeSpan? timeout = null, TimeSpan? retryDelay = null) =>
        new(url, timeout ?? TimeSpan.FromSeconds(5), attempts: 3, retryDelay ?? TimeSpan.FromMilliseconds(10), TimeProvider.System);
}
