using System.Security.Claims;
using DataUnion.Chain.Indexing;
using DataUnion.Core.Labeling;
using DataUnion.Node.Apis.Chain;
using DataUnion.Node.Security;
using DataUnion.Storage.Labeling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataUnion.Node.Apis;

/// <summary>
/// What a signed-in member may read about themselves, and only themselves: their labeling records
/// in every domain, their pending shares and claims, and their purchases. (Their contributions are
/// under <c>/api/v1/contributions</c>.)
/// </summary>
public static class MemberApi
{
    /// <summary>Maps <c>/api/v1/me/*</c>.</summary>
    public static WebApplication MapMemberApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var me = app.MapGroup("/api/v1/me").WithTags("Members").ForMembers();
        me.MapGet("/labeling", Labeling).WithSummary("The caller's labeling record in every domain they have worked in: qualification, reputation, standing, voting power.");
        me.MapGet("/shares", Shares).WithSummary("The caller's pending share units per domain (finished images not yet in a published version's tree) and the claims they made on chain.");
        me.MapGet("/purchases", Purchases).WithSummary("The caller's purchases of dataset versions, from the chain index.");
        return app;
    }

    private static IReadOnlyList<LabelerStatus> Labeling(ClaimsPrincipal user, LabelingEngine engine) => engine.RecordsOf(Caller(user));

    private static Results<Ok<MemberShares>, ProblemHttpResult> Shares(ClaimsPrincipal user, LabelingEngine engine, IndexerService indexer)
    {
        if (indexer.Indexer is not { } running)
        {
            return ChainApi.NotIndexing(indexer);
        }

        var caller = Caller(user);
        var pending = engine.Domains()
            .Select(d => (Domain: d.Name, Shares: engine.Shares(d.Name)))
            .Where(d => d.Shares.ContainsKey(caller))
            .Select(d => new PendingShares(d.Domain, d.Shares[caller], d.Shares.Values.Sum()))
            .ToList();
        return TypedResults.Ok(new MemberShares(caller, pending, running.Store.Claims(caller).Select(EventView.From).ToList()));
    }

    private static Results<Ok<List<EventView>>, ProblemHttpResult> Purchases(ClaimsPrincipal user, IndexerService indexer) =>
        indexer.Indexer is not { } running
            ? ChainApi.NotIndexing(indexer)
            : TypedResults.Ok(running.Store.Purchases(Caller(user), null).Select(EventView.From).ToList());

    private static string Caller(ClaimsPrincipal user) => user.Identity!.Name!.ToLowerInvariant();
}

/// <summary>A member's shares.</summary>
/// <param name="Account">The member.</param>
/// <param name="Pending">Per domain, units from finished images that no published version's tree holds yet.</param>
/// <param name="Claims">Claims the member made on chain, from the index.</param>
public sealed record MemberShares(string Account, IReadOnlyList<PendingShares> Pending, IReadOnlyList<EventView> Claims);

/// <summary>Pending shares in one domain.</summary>
/// <param name="Domain">The domain.</param>
/// <param name="Units">The member's units.</param>
/// <param name="TotalUnits">Every co-owner's units in the domain's finished images.</param>
public sealed record PendingShares(string Domain, long Units, long TotalUnits);
