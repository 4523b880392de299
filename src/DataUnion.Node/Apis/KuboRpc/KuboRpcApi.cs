using System.Text.Json;
using DataUnion.Core.Content;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Car;
using DataUnion.Ipfs.Dag;

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
        var rpc = app.MapGroup("/api/v0").WithTags("Kubo RPC").DisableAntiforgery();
        MapContent(rpc);
        MapPins(rpc);
        MapDag(rpc);
        return app;
    }

    /// <summary>Runs <paramref name="handler"/>, turning the failures bad input causes into kubo errors.</summary>
    private static async Task Handle(HttpContext context, Func<Task> handler)
    {
        try
        {
            await handler();
        }
        catch (Exception ex) when (Describe(ex) is { } error && !context.Response.HasStarted)
        {
            context.Response.StatusCode = error.Status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new { Message = error.Message, Code = 0, Type = "error" }, Json));
        }
        catch (Exception ex) when (Describe(ex) is not null)
        {
            // The status line is gone. kubo reports a mid-stream failure in the X-Stream-Error
            // trailer, which its clients read; where trailers cannot be sent, cutting the connection
            // keeps a partial answer from passing as complete.
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

    private static (int Status, string Message)? Describe(Exception ex) => ex switch
    {
        KuboRpcException rpc => (rpc.StatusCode, rpc.Message),
        BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? "the request body is larger than Http:MaxRequestBodyBytes allows"
            : bad.Message),
        CidFormatException or CarFormatException or DagFormatException => (StatusCodes.Status400BadRequest, ex.Message),
        BlockNotFoundException => (StatusCodes.Status404NotFound, ex.Message),
        BlockStoreException => (StatusCodes.Status400BadRequest, ex.Message),
        ArgumentException => (StatusCodes.Status400BadRequest, ex.Message),
        InvalidDataException => (StatusCodes.Status400BadRequest, $"malformed multipart body: {ex.Message}"),
        IOException { InnerException: BadHttpRequestException inner } => (inner.StatusCode, inner.Message),
        _ => null,
    };

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
