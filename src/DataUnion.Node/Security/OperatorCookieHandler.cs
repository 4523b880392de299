using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Security;

/// <summary>
/// Authenticates the web app's operator: the session cookie, and on every request that is not
/// GET or HEAD the session's CSRF token in <see cref="OperatorSessions.CsrfHeader"/> and, when the
/// browser sends one, an Origin equal to the node's configured public origin. A request without
/// the cookie is left to the operator token.
/// </summary>
public sealed class OperatorCookieHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    OperatorSessions sessions,
    PublicOrigin origin) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>Name of the scheme.</summary>
    public const string SchemeName = "OperatorCookie";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(OperatorSessions.CookieName, out var id) || string.IsNullOrEmpty(id))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (sessions.Find(id) is not { } session)
        {
            return Task.FromResult(AuthenticateResult.Fail("the operator session has ended; sign in again with the operator token"));
        }

        if (!HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method))
        {
            string? presented = Request.Headers[OperatorSessions.CsrfHeader];
            if (presented is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(session.Csrf)))
            {
                return Task.FromResult(AuthenticateResult.Fail($"a request that changes something needs the session's {OperatorSessions.CsrfHeader} header"));
            }

            string? from = Request.Headers.Origin;
            if (from is not null && !string.Equals(from, origin.Uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            {
                return Task.FromResult(AuthenticateResult.Fail($"the request comes from {from}, not from this node's origin"));
            }
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "operator"), new Claim(ClaimTypes.Role, OperatorTokenHandler.OperatorRole)], Scheme.Name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // Without the cookie the operator token's scheme answers; with it, this says what was wrong.
        if ((await HandleAuthenticateOnceSafeAsync()).Failure is { } failure && !Response.HasStarted)
        {
            await new ApiProblem(StatusCodes.Status401Unauthorized, "Operator session refused", [failure.Message]).WriteAsync(Context);
        }
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Task.CompletedTask;
}
