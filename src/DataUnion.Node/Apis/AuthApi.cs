using System.Security.Claims;
using DataUnion.Chain.Connection;
using DataUnion.Chain.Signing;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Hosting;
using DataUnion.Node.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataUnion.Node.Apis;

/// <summary>
/// Sign-In with Ethereum (EIP-4361) for contributors, labelers and buyers: a wallet asks for a
/// nonce, signs a SIWE message for this node's public origin and chain, and gets a session token.
/// </summary>
public static class AuthApi
{
    /// <summary>Maps <c>/api/v1/auth/*</c>.</summary>
    public static WebApplication MapAuthApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var auth = app.MapGroup("/api/v1/auth").WithTags("Sign-In with Ethereum");
        auth.MapPost("/nonce", IssueNonce)
            .ForPublic()
            .RequireRateLimiting(RateLimiting.SignInPolicy)
            .WithSummary("A single-use nonce (10 minutes) to put in a SIWE message.");
        auth.MapPost("/siwe", SignIn)
            .ForPublic()
            .RequireRateLimiting(RateLimiting.SignInPolicy)
            .WithSummary("Verifies a signed SIWE message (domain = this node's public origin, the issued nonce, this chain) and opens a session.");
        auth.MapGet("/me", Me)
            .ForMembers()
            .WithSummary("The signed-in wallet (Authorization: Bearer <session token>).");
        auth.MapPost("/signout", SignOut)
            .ForMembers()
            .WithSummary("Ends the session whose token was sent; it is refused from then on. 204.");
        return app;
    }

    private static NoContent SignOut(ClaimsPrincipal user, WalletSessions sessions)
    {
        sessions.SignOut(user.FindFirst(WalletSessionHandler.TokenClaim)!.Value);
        return TypedResults.NoContent();
    }

    private static NonceResponse IssueNonce(SignInNonces nonces)
    {
        var (nonce, expires) = nonces.Issue();
        return new NonceResponse(nonce, expires);
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> SignIn(
        SignInRequest request, SignInNonces nonces, WalletSessions sessions, WalletSignInLimiter walletLimit, PublicOrigin origin, ChainConnection chain,
        TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Message) || string.IsNullOrEmpty(request.Signature))
        {
            return ApiProblem.BadRequest("send {\"message\": <SIWE message>, \"signature\": <0x…>}").ToResult();
        }

        try
        {
            var nonce = SiweMessage.Parse(request.Message).Nonce;
            if (!nonces.TryConsume(nonce))
            {
                throw new SignatureException("the nonce was not issued by this node, was already used, or has expired; ask /api/v1/auth/nonce for a new one");
            }

            // The domain is this node's configured origin, never the request's Host header: a page
            // on another site could otherwise have a wallet sign in for it and use the session here.
            var message = await SiweVerifier.VerifyAsync(
                request.Message, request.Signature, origin.Domain, nonce, chain.Deployment.ChainId, time.GetUtcNow(),
                (address, hash, signature, token) => ContractWallets.AcceptAsync(chain, address, hash, signature, token),
                cancellationToken);
            if (walletLimit.TryTake(message.Address) is { } wait)
            {
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return new ApiProblem(StatusCodes.Status429TooManyRequests, "Too many requests",
                    [$"{message.Address} signed in more often than the node allows per minute; try again in {seconds} s"]).ToResult();
            }

            var session = sessions.Open(message.Address, message.ExpirationTime);
            return TypedResults.Ok(new SessionResponse(session.Token, session.Address, session.ExpiresAt));
        }
        catch (SignatureException ex)
        {
            return ApiProblems.Describe(ex)!.ToResult();
        }
        catch (SessionsFullException ex)
        {
            return new ApiProblem(StatusCodes.Status503ServiceUnavailable, "Too many sessions", [ex.Message]).ToResult();
        }
    }

    private static MeResponse Me(ClaimsPrincipal user) =>
        new(user.Identity!.Name!, DateTimeOffset.Parse(user.FindFirst(WalletSessionHandler.ExpiresClaim)!.Value, System.Globalization.CultureInfo.InvariantCulture));

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
