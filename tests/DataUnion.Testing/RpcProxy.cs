using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace DataUnion.Testing;

/// <summary>What the proxy does to a matching request instead of passing it on.</summary>
public enum RpcFault
{
    /// <summary>Forwards the request as usual: queued before a fault, it lets that many requests through first.</summary>
    None,

    /// <summary>Forwards the request to the chain, then resets the connection: the chain acted, the caller never hears.</summary>
    DropAnswer,

    /// <summary>Resets the connection without forwarding.</summary>
    Reset,

    /// <summary>Answers 200 with an HTML page instead of JSON-RPC.</summary>
    Garbage,

    /// <summary>Answers with the JSON-RPC error hosted providers give for a too-wide <c>eth_getLogs</c>.</summary>
    TooManyResults,

    /// <summary>Holds the request without answering (longer than any RPC timeout in the tests), then resets.</summary>
    Hang,

    /// <summary>
    /// Forwards an <c>eth_getLogs</c> and adds to its answer a second, different log at the first
    /// log's position, in another block of that number: what a reorg in the middle of a read looks like.
    /// </summary>
    ReorgedLogs,
}

/// <summary>
/// A loopback JSON-RPC proxy in front of the Hardhat node that can be killed, restarted and made
/// to misbehave per method, standing for an RPC provider that fails. Counts what it forwarded.
/// </summary>
public sealed class RpcProxy : IAsyncDisposable
{
    private static readonly HttpClient Upstream = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _target;
    private readonly Dictionary<string, Queue<RpcFault>> _faults = [];
    private readonly ConcurrentDictionary<string, int> _forwarded = new();
    private HttpListener? _listener;
    private Task? _loop;

    private RpcProxy(string target, int port)
    {
        _target = target;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/";

    /// <summary>Starts a proxy on a free loopback port.</summary>
    public static RpcProxy Start(string targetUrl)
    {
        var proxy = new RpcProxy(targetUrl, FreePort.Next());
        proxy.Listen();
        return proxy;
    }

    /// <summary>The next <paramref name="count"/> requests for <paramref name="method"/> get <paramref name="fault"/>.</summary>
    public void Fail(string method, RpcFault fault, int count = 1)
    {
        lock (_faults)
        {
            if (!_faults.TryGetValue(method, out var queue))
            {
                _faults[method] = queue = new Queue<RpcFault>();
            }

            for (var i = 0; i < count; i++)
            {
                queue.Enqueue(fault);
            }
        }
    }

    /// <summary>Requests for <paramref name="method"/> that reached the chain.</summary>
    public int Forwarded(string method) => _forwarded.GetValueOrDefault(method);

    /// <summary>Stops listening: connections are refused until <see cref="Restart"/>.</summary>
    public async Task KillAsync()
    {
        if (_listener is { } listener)
        {
            _listener = null;
            listener.Stop();
            listener.Close();
            if (_loop is not null)
            {
                await _loop.ConfigureAwait(false);
            }
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public void Restart() => Listen();

    public async ValueTask DisposeAsync() => await KillAsync();

    private void Listen()
    {
        var listener = new HttpListener();
        listener.Prefixes.Add(Url);
        listener.Start();
        _listener = listener;
        _loop = Task.Run(() => AcceptAsync(listener));
    }

    private async Task AcceptAsync(HttpListener listener)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var method = MethodOf(body);
            var fault = TakeFault(method);
            switch (fault)
            {
                case RpcFault.Reset:
                    context.Response.Abort();
                    return;
                case RpcFault.Garbage:
                    await WriteAsync(context, "text/html", "<html><body>502 Bad Gateway</body></html>");
                    return;
                case RpcFault.TooManyResults:
                    await WriteAsync(context, "application/json",
                        $"{{\"jsonrpc\":\"2.0\",\"id\":{IdOf(body)},\"error\":{{\"code\":-32005,\"message\":\"query returned more than 10000 results\"}}}}");
                    return;
                case RpcFault.Hang:
                    await Task.Delay(TimeSpan.FromSeconds(5));
                    context.Response.Abort();
                    return;
            }

            using var response = await Upstream.PostAsync(_target, new StringContent(body, Encoding.UTF8, "application/json"));
            var answer = await response.Content.ReadAsStringAsync();
            _forwarded.AddOrUpdate(method, 1, (_, n) => n + 1);
            if (fault == RpcFault.DropAnswer)
            {
                context.Response.Abort();
                return;
            }

            if (fault == RpcFault.ReorgedLogs)
            {
                answer = WithReorgedLog(answer);
            }

            await WriteAsync(context, "application/json", answer);
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException or HttpRequestException)
        {
            context.Response.Abort();
        }
    }

    private static string WithReorgedLog(string answer)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(answer)!;
        if (root["result"] is System.Text.Json.Nodes.JsonArray { Count: > 0 } logs)
        {
            var other = logs[0]!.DeepClone();
            other["blockHash"] = "0x" + new string('e', 64);
            other["transactionHash"] = "0x" + new string('f', 64);
            logs.Add(other);
        }

        return root.ToJsonString();
    }

    private RpcFault? TakeFault(string method)
    {
        lock (_faults)
        {
            return _faults.TryGetValue(method, out var queue) && queue.TryDequeue(out var fault) && fault != RpcFault.None ? fault : null;
        }
    }

    private static async Task WriteAsync(HttpListenerContext context, string type, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.StatusCode = 200;
        context.Response.ContentType = type;
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private static string IdOf(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("id").GetRawText();
    }

    private static string MethodOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            // A batch is counted and faulted as its first call's method.
            var request = document.RootElement.ValueKind == JsonValueKind.Array && document.RootElement.GetArrayLength() > 0
                ? document.RootElement[0]
                : document.RootElement;
            return request.ValueKind == JsonValueKind.Object && request.TryGetProperty("method", out var m) ? m.GetString() ?? "?" : "?";
        }
        catch (JsonException)
        {
            return "?";
        }
    }
}
