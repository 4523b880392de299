using System.Security.Claims;
using DataUnion.Chain.Outbox;
using DataUnion.Node.Apis.Chain;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Security;
using DataUnion.Node.Versions;

namespace DataUnion.Node.Apis;

/// <summary>Gasless claims over HTTP: a signed-in co-owner hands the node their signed claim, and follows it.</summary>
public static class RelayApi
{
    /// <summary>Maps <c>/api/v1/me/claims</c>.</summary>
    public static WebApplication MapRelayApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var claims = app.MapGroup("/api/v1/me/claims").WithTags("Members").ForMembers();
        claims.MapPost("/", RelayAsync).RequireRateLimiting(RateLimiting.RelayPolicy)
            .WithSummary("Relays the caller's signed claimWithSig authorization through the node's outbox (the node pays the gas): 202 with its intent.");
        claims.MapGet("/{key}", Get).WithSummary("One of the caller's relayed claims: its state and transaction.");
        return app;
    }

    private static async Task<IResult> RelayAsync(RelayClaimRequest? request, ClaimsPrincipal user, ClaimRelay relay, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest("send the signed claim: versionIds, shares, proofs, nonce, deadline, signature").ToResult();
        }

        var intent = await relay.RelayAsync(user.Wallet(), request, cancellationToken);
        return TypedResults.Accepted($"/api/v1/me/claims/{Uri.EscapeDataString(intent.Key)}", RelayedClaimView.From(intent));
    }

    private static IResult Get(string key, ClaimsPrincipal user, OutboxService outbox) =>
        key.StartsWith($"relay-claim:{user.Wallet()}:", StringComparison.Ordinal) && outbox.Outbox?.Find(key) is { } intent
            ? TypedResults.Ok(RelayedClaimView.From(intent))
            : ApiProblem.NotFound("you have no relayed claim with that key").ToResult();

}

/// <summary>A relayed claim as its co-owner sees it.</summary>
/// <param name="Key">Its key: <c>relay-claim:&lt;account&gt;:&lt;nonce&gt;</c>.</param>
/// <param name="State">Queued, Sent, Mined, Confirmed, Reverted or Failed.</param>
/// <param name="Transaction">The mined transaction, once there is one.</param>
/// <param name="BlockNumber">Its block.</param>
/// <param name="LastError">Why it is waiting or failed.</param>
public sealed record RelayedClaimView(string Key, string State, string? Transaction, long? BlockNumber, string? LastError)
{
    internal static RelayedClaimView From(TransactionIntent intent) =>
        new(intent.Key, intent.State.ToString(), intent.Receipt?.TransactionHash, intent.Receipt?.BlockNumber, intent.LastError);
}
