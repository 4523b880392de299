using Microsoft.AspNetCore.Diagnostics;

namespace DataUnion.Node.Apis.Problems;

/// <summary>
/// Answers an exception that <see cref="ApiProblems"/> knows as its problem. Anything else is left
/// to the exception handler middleware: logged, and answered 500 without its message.
/// </summary>
internal sealed class ProblemExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken) =>
        ApiProblems.Describe(exception, httpContext) is { } problem && await problem.WriteAsync(httpContext, exception).ConfigureAwait(false);
}
