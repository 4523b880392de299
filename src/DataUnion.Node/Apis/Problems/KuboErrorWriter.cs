using System.Text.Json;

namespace DataUnion.Node.Apis.Problems;

/// <summary>
/// Writes every problem under <c>/api/v0</c> (bad input, 401, unknown command) in kubo's RPC error
/// shape, <c>{"Message", "Code": 0, "Type": "error"}</c>, so kubo's clients show the reason.
/// </summary>
internal sealed class KuboErrorWriter : IProblemDetailsWriter
{
    /// <summary>The path prefix of the Kubo RPC subset.</summary>
    public const string Prefix = "/api/v0";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null };

    public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Request.Path.StartsWithSegments(Prefix, StringComparison.Ordinal);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var details = context.ProblemDetails;
        var message = details.Detail ?? details.Title ?? "the request failed";
        var response = context.HttpContext.Response;
        response.ContentType = "application/json";
        return new ValueTask(response.WriteAsync(JsonSerializer.Serialize(new { Message = message, Code = 0, Type = "error" }, Json) + "\n"));
    }
}
