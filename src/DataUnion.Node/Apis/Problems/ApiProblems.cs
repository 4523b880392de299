using System.Text.Json;
using DataUnion.Chain.Outbox;
using DataUnion.Chain.Rpc;
using DataUnion.Chain.Signing;
using DataUnion.Core.Content;
using DataUnion.Core.Labeling;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Car;
using DataUnion.Ipfs.Dag;
using Microsoft.AspNetCore.Http.Features;

namespace DataUnion.Node.Apis.Problems;

/// <summary>
/// The one mapping from the project's exceptions to HTTP problems, used by every API: the
/// exception handler, the Kubo RPC subset's streaming answers and the endpoints that catch
/// refusals themselves. An exception not listed is a fault of the node: 500, logged, its message
/// kept out of the answer.
/// </summary>
public static class ApiProblems
{
    /// <summary>The problem <paramref name="exception"/> stands for, or null when it is a fault of the node.</summary>
    /// <param name="exception">What was thrown while answering.</param>
    /// <param name="context">The request, for the body limit it broke; optional.</param>
    public static ApiProblem? Describe(Exception exception, HttpContext? context = null) => exception switch
    {
        ProblemException problem => problem.Problem,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(context),
        BadHttpRequestException bad => ApiProblem.Of(bad.StatusCode, bad.InnerException is JsonException json ? $"{bad.Message} {json.Message}" : bad.Message),
        IOException { InnerException: BadHttpRequestException inner } => Describe(inner, context),
        JsonException json => ApiProblem.BadRequest($"the body is not valid JSON: {json.Message}"),
        InvalidDataException malformed => ApiProblem.BadRequest($"the request body is malformed: {malformed.Message}"),
        CidFormatException or CarFormatException or DagFormatException => ApiProblem.BadRequest(exception.Message),
        BlockNotFoundException => ApiProblem.NotFound(exception.Message),
        BlockRejectedException => ApiProblem.BadRequest(exception.Message),
        BlockStoreException => new ApiProblem(StatusCodes.Status500InternalServerError, "Block store problem", [exception.Message]),
        LabelingException labeling => Labeling(labeling.Kind, labeling.Problems),
        StakeUnavailableException => ApiProblem.Unavailable("Stakes unavailable", $"{exception.Message}; nothing was changed, try again"),
        SignatureException => new ApiProblem(StatusCodes.Status401Unauthorized, "Sign-in refused", [exception.Message]),
        OutboxException => new ApiProblem(StatusCodes.Status409Conflict, "Intent refused", [exception.Message]),
        ChainRpcException => ApiProblem.Unavailable("Chain unavailable", exception.Message),
        _ => null,
    };

    /// <summary>413, naming the body limit of the endpoint <paramref name="context"/> was sent to.</summary>
    public static ApiProblem TooLarge(HttpContext? context)
    {
        var limit = context?.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        return new ApiProblem(StatusCodes.Status413PayloadTooLarge, "Payload too large", [limit is { } bytes
            ? $"the request body is larger than the {bytes} bytes this endpoint accepts"
            : "the request body is larger than this endpoint accepts"]);
    }

    /// <summary>A labeling refusal: its kind decides the status, and is named in <c>kind</c>.</summary>
    public static ApiProblem Labeling(LabelingErrorKind kind, IReadOnlyList<string> problems)
    {
        var (status, title) = kind switch
        {
            LabelingErrorKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            LabelingErrorKind.NotAssigned => (StatusCodes.Status403Forbidden, "Not assigned to you"),
            LabelingErrorKind.Refused => (StatusCodes.Status403Forbidden, "Not allowed to label"),
            LabelingErrorKind.Duplicate => (StatusCodes.Status409Conflict, "Duplicate"),
            LabelingErrorKind.Late => (StatusCodes.Status410Gone, "Bundle expired"),
            LabelingErrorKind.TooFast => (StatusCodes.Status422UnprocessableEntity, "Too fast to be real"),
            LabelingErrorKind.NoWork => (StatusCodes.Status404NotFound, "No work"),
            _ => (StatusCodes.Status400BadRequest, "Bad request"),
        };
        return new ApiProblem(status, title, problems, kind.ToString());
    }
}
