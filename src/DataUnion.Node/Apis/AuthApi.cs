using System.Security.Claims;
using DataUnion.Chain.Connection;
using DataUnion.Chain.Signing;
using DataUnion.Node.Security;

namespace DataUnion.Node.Apis;

/// <summary>
/// Sign-In with Ethereum (EIP-4361) for contributors, labelers and buyers: a wallet asks for a
/// nonce, signs a SIWE message for this node's host and chain, and gets a session token.
/// </summary>
public static class AuthApi
{
    /// <summary>Maps <c>/api/v1/auth/*</c>.</summary>
    public static WebApplication MapAuthApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var auth = app.MapGroup("/api/v1/auth").WithTags("Sign-In with Ethereum");
        auth.MapPost("/nonce", IssueNonce)
            .AllowAnonymous()
            .WithSummary("A single-use nonce (10 minutes) to put in a SIWE message.");
        auth.MapPost("/siwe", SignIn)
            .AllowAnonymous()
            .WithSummary("Verifies a signed SIWE message (domain = this host, the issued nonce, this chain) and opens a session.");
        auth.MapGet("/me", Me)
            .RequireAuthorization(WalletSessionHandler.PolicyName)
            .WithSummary("The signed-in wallet (Authorization: Bearer <session token>).");
        return app;
    }

    private static NonceResponse IssueNonce(WalletSessions sessions)
    {
        var (nonce, expires) = sessions.IssueNonce();
        return new NonceResponse(nonce, expires);
    }

    private static IResult SignIn(SignInRequest request, HttpContext context, WalletSessions sessions, ChainConnection chain, TimeProvider time)
    {
        if (string.IsNullOrEmpty(request.Message) || string.IsNullOrEmpty(request.Signature))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad sign-in", detail: "send {\"message\": <SIWE message>, \"signature\": <0x…>}");
        }

        try
        {
            var nonce = SiweMessage.Parse(request.Message).Nonce;
            if (!sessions.TryConsumeNonce(nonce))
            {
                throw new SignatureException("the nonce was not issued by this node, was already used, or has expired; ask /api/v1/auth/nonce for a new one");
            }

            var message = SiweVerifier.Verify(request.Message, request.Signature, context.Request.Host.Value ?? string.Empty, nonce, chain.Deployment.ChainId, time.GetUtcNow());
            var session = sessions.Open(message.Address, message.ExpirationTime);
            return Results.Ok(new SessionResponse(session.Token, session.Address, session.ExpiresAt));
        }
        catch (SignatureException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in refused", detail: ex.Message);
        }
    }

    private static MeResponse Me(ClaimsPrincipal user) =>
        new(user.Identity!.Name!, DateTimeOffset.Parse(user.FindFirst("session_expires")!.Value, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Body of <c>POST /api/v1/auth/siwe</c>.</summary>
    /// <param name="Message">The SIWE message text, exactly as signed.</param>
    /// <param name="Signature">The EIP-191 signature (0x, 65 bytes).</param>
    public sealed record SignInRequest(string? Message, string? Signature);

    /// <summary>Answer of <c>POST /api/v1/auth/nonce</c>.</summary>
    /// <param name="Nonce">Put it in the SIWE message.</param>
    /// <param name="ExpiresAt">After this the nonce is refused.</param>
    public sealed record NonceResponse(string Nonce, DateTimeOffset ExpiresAt);

    /// <summary>Answer of a successful sign-in.</summary>
    /// <param name="Token">Send as <c>Authorization: Bearer</c>.</param>
    /// <param name="Address">The wallet that signed in.</param>
    /// <param name="ExpiresAt">When the session ends.</param>
    public sealed record SessionResponse(string Token, string Address, DateTimeOffset ExpiresAt);

    /// <summary>Answer of <c>GET /api/v1/auth/me</c>.</summary>
    /// <param name="Address">The signed-in wallet.</param>
    /// <param name="ExpiresAt">When the session ends.</param>
    public sealed record MeResponse(string Address, DateTimeOffset ExpiresAt);
}
