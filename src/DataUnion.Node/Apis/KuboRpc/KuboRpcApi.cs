using System.Text.Json;
using DataUnion.Node.Apis.Problems;

using DataUnion.Node.Security;

namespace DataUnion.Node.Apis.KuboRpc;

/// <summary>
/// A Kubo-RPC-compatible subset on <c>/api/v0</c>: POST only, operator authentication, answers
/// shaped like kubo's so its clients (kubo-rpc-client, the ipfs CLI) work unchanged. Errors are
/// kubo's <c>{"Message", "Code", "Type"}</c> with a 4xx status for bad input.
/// </summary>
public static partial class KuboRpcApi
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null };

    /// <summary>Maps the RPC endpoints.</summary>
    public static WebApplication MapKuboRpcApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var rpc = app.MapGroup("/api/v0").WithTags("Kubo RPC").DisableAntiforgery().ForOperator();
        MapContent(rpc);
        MapPins(rpc);
        MapDag(rpc);
        return app;
    }

    /// <summary>
    /// Runs <paramref name="handler"/>. A failure before the answer started is written as its
    /// problem (kubo's error shape, see <see cref="KuboErrorWriter"/>); one after it started is
    /// reported the way kubo does.
    /// </summary>
    private static async Task Handle(HttpContext context, Func<Task> handler)
    {
        try
        {
            await handler();
        }
        catch (Exception ex) when (ApiProblems.Describe(ex, context) is { } problem && !context.Response.HasStarted)
        {
            await problem.WriteAsync(context, ex);
        }
        catch (Exception ex) when (ApiProblems.Describe(ex, context) is not null)
        {
            // The status line is gone. kubo reports a mid-stream failure in the X-Stream-Error
            // trailer, which its clients read; where trailers cannot be sent, cutting the connection
            // keeps a partial answer from passing as complete. The log says why, either way.
            LogStreamFailed(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KuboRpcApi)), context.Request.Path.Value, ex.Message);
            if (context.Response.SupportsTrailers())
            {
                context.Response.AppendTrailer("X-Stream-Error", ex.Message);
            }
            else
            {
                context.Abort();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} failed after its answer had started: {Reason}")]
    private static partial void LogStreamFailed(ILogger logger, string? path, string reason);

    private static async Task WriteLineAsync(HttpResponse response, object value, CancellationToken cancellationToken)
    {
        await response.WriteAsync(JsonSerializer.Serialize(value, Json) + "\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static void StartStream(HttpResponse response, string contentType = "application/json")
    {
        response.ContentType = contentType;
        response.Headers["X-Chunked-Output"] = "1";
    }
}
