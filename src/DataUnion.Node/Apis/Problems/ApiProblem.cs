using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace DataUnion.Node.Apis.Problems;

/// <summary>
/// A refusal at the HTTP edge: the status, a short title and every problem found, so one answer
/// names all that was wrong. Written as RFC 9457 problem details (<c>detail</c> joins the problems,
/// <c>problems</c> lists them, <c>kind</c> classifies labeling refusals), or in kubo's error shape
/// under <c>/api/v0</c>.
/// </summary>
/// <param name="Status">HTTP status, 4xx or 5xx.</param>
/// <param name="Title">Short, fixed summary of the status.</param>
/// <param name="Problems">Each thing that was wrong, as a sentence a user can act on.</param>
/// <param name="Kind">Machine-readable class of the refusal, or null.</param>
public sealed record ApiProblem(int Status, string Title, IReadOnlyList<string> Problems, string? Kind = null)
{
    /// <summary>The problems in one line.</summary>
    public string Detail => string.Join("; ", Problems);

    /// <summary>A problem titled by the status's reason phrase.</summary>
    public static ApiProblem Of(int status, params string[] problems) => new(status, ReasonPhrases.GetReasonPhrase(status), problems);

    /// <summary>400 with every problem found.</summary>
    public static ApiProblem BadRequest(params string[] problems) => new(StatusCodes.Status400BadRequest, "Bad request", problems);

    /// <summary>400 with every problem found.</summary>
    public static ApiProblem BadRequest(IReadOnlyList<string> problems) => new(StatusCodes.Status400BadRequest, "Bad request", problems);

    /// <summary>404.</summary>
    public static ApiProblem NotFound(string problem) => new(StatusCodes.Status404NotFound, "Not found", [problem]);

    /// <summary>503: a dependency (the chain, the indexer, the outbox) is not ready; retrying later helps.</summary>
    public static ApiProblem Unavailable(string title, string problem) => new(StatusCodes.Status503ServiceUnavailable, title, [problem]);

    /// <summary>The typed result endpoints return.</summary>
    public ProblemHttpResult ToResult() => TypedResults.Problem(ToDetails());

    /// <summary>The RFC 9457 document.</summary>
    public ProblemDetails ToDetails()
    {
        var details = new ProblemDetails { Status = Status, Title = Title, Detail = Detail };
        details.Extensions["problems"] = Problems;
        if (Kind is not null)
        {
            details.Extensions["kind"] = Kind;
        }

        return details;
    }

    /// <summary>
    /// Writes this problem as the answer to <paramref name="context"/>, from middleware or a
    /// handler that cannot return a result, in the shape of the API the request was sent to.
    /// </summary>
    /// <returns>False when no writer accepts the request (its Accept header refuses JSON); the status is set either way.</returns>
    public ValueTask<bool> WriteAsync(HttpContext context, Exception? exception = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = Status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = ToDetails(),
            Exception = exception,
        });
    }

    /// <summary>The exception that carries this problem out of code that cannot return it.</summary>
    public ProblemException ToException() => new(this);
}
