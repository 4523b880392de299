using System.Text.Json;

namespace DataUnion.Node.Apis.Problems;

/// <summary>
/// Writes problems under <c>/pins</c> as the IPFS Pinning Services API's <c>Failure</c>,
/// <c>{"error": {"reason", "details"}}</c>, with <c>application/json</c> as its clients expect. The
/// problem-details members are kept beside it.
/// </summary>
internal sealed class PinningServiceErrorWriter : IProblemDetailsWriter
{
    /// <summary>The path prefix of the Pinning Services API.</summary>
    public const string Prefix = "/pins";

    public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Request.Path.StartsWithSegments(Prefix, StringComparison.Ordinal);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var details = context.ProblemDetails;
        var status = details.Status ?? context.HttpContext.Response.StatusCode;
        var body = new Dictionary<string, object?>
        {
            ["error"] = new { reason = Reason(status), details = details.Detail ?? details.Title },
            ["status"] = status,
            ["title"] = details.Title,
            ["detail"] = details.Detail,
        };
        foreach (var (key, value) in details.Extensions)
        {
            body[key] = value;
        }

        var response = context.HttpContext.Response;
        response.ContentType = "application/json";
        return new ValueTask(response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web)));
    }

    /// <summary>The spec's reasons are upper-case status names: <c>BAD_REQUEST</c>, <c>NOT_FOUND</c>, <c>UNAUTHORIZED</c>.</summary>
    private static string Reason(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status).ToUpperInvariant().Replace(' ', '_').Replace("-", string.Empty, StringComparison.Ordinal);
}
