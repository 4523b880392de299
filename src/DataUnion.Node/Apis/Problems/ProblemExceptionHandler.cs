using Microsoft.AspNetCore.Diagnostics;

namespace DataUnion.Node.Apis.Problems;

/// <summary>
/// Answers an exception that <see cref="ApiProblems"/> knows as its problem. Anything else is left
/// to the exception handler middleware: logged, and answered 500 without its message.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (ApiProblems.Describe(exception, httpContext) is not { } problem)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem.ToDetails(),
            Exception = exception,
        }).ConfigureAwait(false);
    }
}
