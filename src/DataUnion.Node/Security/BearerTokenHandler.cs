using System.Security.Claims;
using System.Text.Encodings.Web;
using DataUnion.Node.Apis.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Security;

/// <summary>
/// What the operator-token and wallet-session schemes share: reading
/// <c>Authorization: Bearer &lt;token&gt;</c>, turning a recognised token into a principal with
/// one role, and answering a missing or refused credential with a 401 problem that says which
/// credential the endpoint wants.
/// </summary>
public abstract class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>Names the credential this scheme wants, for the 401's title.</summary>
    protected abstract string ChallengeTitle { get; }

    /// <summary>Says how to send that credential, for the 401's detail.</summary>
    protected abstract string ChallengeDetail { get; }

    /// <summary>True when this scheme reads <paramref name="token"/>; otherwise another scheme may.</summary>
    protected virtual bool Reads(string token) => true;

    /// <summary>The signed-in party of a token this scheme reads, or why it was refused.</summary>
    protected abstract (Identity? Identity, string? Refusal) Identify(string token);

    /// <inheritdoc />
    protected sealed override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("the Authorization header is not a Bearer token"));
        }

        var token = header[BearerPrefix.Length..].Trim();
        if (!Reads(token))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var (identity, refusal) = Identify(token);
        if (identity is null)
        {
            return Task.FromResult(AuthenticateResult.Fail(refusal ?? "the token is refused"));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, identity.Name), new(ClaimTypes.Role, identity.Role) };
        claims.AddRange(identity.Extra);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Response.HasStarted)
        {
            // Another scheme of the policy (the operator's session cookie) has answered.
            return;
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        await new ApiProblem(StatusCodes.Status401Unauthorized, ChallengeTitle, [ChallengeDetail]).WriteAsync(Context).ConfigureAwait(false);
    }

    /// <summary>A signed-in party: its name (an address, or "operator"), its role and any other claims.</summary>
    protected sealed record Identity(string Name, string Role, IReadOnlyList<Claim> Extra);
}
