using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Security;

/// <summary>Authenticates <c>Authorization: Bearer dus_…</c>, a session opened by Sign-In with Ethereum.</summary>
public sealed class WalletSessionHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    WalletSessions sessions) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>Name of the scheme.</summary>
    public const string SchemeName = "WalletSession";

    /// <summary>Name of the policy that requires a signed-in wallet.</summary>
    public const string PolicyName = "Wallet";

    /// <summary>Role of a signed-in wallet.</summary>
    public const string WalletRole = "wallet";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        const string bearer = "Bearer ";
        if (header is null || !header.StartsWith(bearer + WalletSessions.TokenPrefix, StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (sessions.Find(header[bearer.Length..].Trim()) is not { } session)
        {
            return Task.FromResult(AuthenticateResult.Fail("the session is unknown or has expired; sign in again"));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, session.Address), new Claim(ClaimTypes.Role, WalletRole), new Claim("session_expires", session.ExpiresAt.ToString("O"))], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
