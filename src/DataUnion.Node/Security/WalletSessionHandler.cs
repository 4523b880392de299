using System.Globalization;
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
    WalletSessions sessions) : BearerTokenHandler(options, logger, encoder)
{
    /// <summary>Name of the scheme.</summary>
    public const string SchemeName = "WalletSession";

    /// <summary>Name of the policy that requires a signed-in wallet.</summary>
    public const string PolicyName = "Wallet";

    /// <summary>Role of a signed-in wallet.</summary>
    public const string WalletRole = "wallet";

    /// <summary>The claim holding when the session ends (ISO 8601).</summary>
    public const string ExpiresClaim = "session_expires";

    /// <summary>The claim holding the session's token, so that sign-out can end exactly it.</summary>
    public const string TokenClaim = "session_token";

    /// <inheritdoc />
    protected override string ChallengeTitle => "Wallet sign-in required";

    /// <inheritdoc />
    protected override string ChallengeDetail =>
        "this endpoint needs a signed-in wallet: sign in with Ethereum (POST /api/v1/auth/nonce, then /api/v1/auth/siwe) and send 'Authorization: Bearer <session token>'";

    /// <inheritdoc />
    protected override bool Reads(string token) => token.StartsWith(WalletSessions.TokenPrefix, StringComparison.Ordinal);

    /// <inheritdoc />
    protected override (Identity? Identity, string? Refusal) Identify(string token) =>
        sessions.Find(token) is { } session
            ? (new Identity(session.Address, WalletRole, [new Claim(ExpiresClaim, session.ExpiresAt.ToString("O", CultureInfo.InvariantCulture)), new Claim(TokenClaim, token)]), null)
            : (null, "the session is unknown or has expired; sign in again");
}
