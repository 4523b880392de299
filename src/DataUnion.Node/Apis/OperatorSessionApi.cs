using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Hosting;
using DataUnion.Node.Security;

namespace DataUnion.Node.Apis;

/// <summary>
/// The web app's operator sign-in: the operator token is sent once and exchanged for an
/// HttpOnly, SameSite=Strict session cookie and a CSRF token, so the token itself never stays in
/// the browser. Member sessions never reach operator endpoints.
/// </summary>
public static class OperatorSessionApi
{
    /// <summary>Maps <c>/api/v1/operator/session</c>.</summary>
    public static WebApplication MapOperatorSessionApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var session = app.MapGroup("/api/v1/operator/session").WithTags("Operator session");
        session.MapPost("/", SignIn).ForPublic().RequireRateLimiting(RateLimiting.SignInPolicy)
            .WithSummary("Exchanges the operator token ({\"token\"}) for a session cookie (HttpOnly, SameSite=Strict) and the CSRF token to send in X-CSRF-Token.");
        session.MapGet("/", Current).ForOperator().WithSummary("The cookie session's CSRF token and end, for a page that was reloaded.");
        session.MapDelete("/", SignOut).ForOperator().WithSummary("Ends the cookie session. 204.");
        return app;
    }

    private static IResult SignIn(SessionRequest? request, OperatorCredential credential, OperatorSessions sessions, PublicOrigin origin, HttpContext context)
    {
        if (string.IsNullOrEmpty(request?.Token))
        {
            return ApiProblem.BadRequest("send {\"token\": <the operator token>}").ToResult();
        }

        if (!credential.Matches(request.Token))
        {
            return new ApiProblem(StatusCodes.Status401Unauthorized, "Operator sign-in refused", ["the operator token is wrong"]).ToResult();
        }

        var session = sessions.Open();
        context.Response.Cookies.Append(OperatorSessions.CookieName, session.Id, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = origin.Uri.Scheme == Uri.UriSchemeHttps,
            Path = "/",
            Expires = session.ExpiresAt,
            IsEssential = true,
        });
        return TypedResults.Ok(new SessionView(session.Csrf, session.ExpiresAt));
    }

    private static IResult Current(HttpContext context, OperatorSessions sessions) =>
        context.Request.Cookies.TryGetValue(OperatorSessions.CookieName, out var id) && sessions.Find(id!) is { } session
            ? TypedResults.Ok(new SessionView(session.Csrf, session.ExpiresAt))
            : ApiProblem.NotFound("this request was made with the operator token, not a session cookie").ToResult();

    private static IResult SignOut(HttpContext context, OperatorSessions sessions)
    {
        if (context.Request.Cookies.TryGetValue(OperatorSessions.CookieName, out var id))
        {
            sessions.End(id!);
        }

        context.Response.Cookies.Delete(OperatorSessions.CookieName, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Strict });
        return TypedResults.NoContent();
    }

    /// <summary>Body of the sign-in.</summary>
    /// <param name="Token">The operator token.</param>
    public sealed record SessionRequest(string? Token);

    /// <summary>An operator session as the page sees it.</summary>
    /// <param name="Csrf">Send it in <c>X-CSRF-Token</c> on every request that changes something.</param>
    /// <param name="ExpiresAt">When the session ends.</param>
    public sealed record SessionView(string Csrf, DateTimeOffset ExpiresAt);
}
