using System.Globalization;
using System.Numerics;
using System.Security.Claims;
using DataUnion.Chain.Connection;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Indexing;
using DataUnion.Core.Labeling;
using DataUnion.Node.Apis.Chain;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Security;
using DataUnion.Storage.Labeling;
using DataUnion.Storage.Shares;
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
        me.MapGet("/shares", Shares).WithSummary("The caller's pending share units per domain, per published version their units and what is claimable now (from the contract), and their claims.");
        me.MapGet("/purchases", Purchases).WithSummary("The caller's purchases of dataset versions, from the chain index.");
        return app;
    }

    private static IReadOnlyList<LabelerStatus> Labeling(ClaimsPrincipal user, LabelingEngine engine) => engine.RecordsOf(user.Wallet());

    private static async Task<Results<Ok<MemberShares>, ProblemHttpResult>> Shares(
        ClaimsPrincipal user, LabelingEngine engine, IndexerService indexer, ChainConnection chain, LiteDbSharesTrees trees, CancellationToken cancellationToken)
    {
        if (indexer.Indexer is not { } running)
        {
            return ChainApi.NotIndexing(indexer);
        }

        var caller = user.Wallet();
        var pending = engine.Domains()
            .Select(d => (Domain: d.Name, Shares: engine.Shares(d.Name)))
            .Where(d => d.Shares.ContainsKey(caller))
            .Select(d => new PendingShares(d.Domain, d.Shares[caller], d.Shares.Values.Sum()))
            .ToList();
        var claims = running.Store.Claims(caller);
        var versions = new List<VersionShares>();
        foreach (var version in running.Store.Versions())
        {
            if (!version.Published.Fields.TryGetValue("sharesRoot", out var root) || trees.Find(root) is not { } tree
                || tree.VersionId != version.VersionId.ToString(CultureInfo.InvariantCulture) || !tree.Owners.TryGetValue(caller, out var units))
            {
                continue;
            }

            BigInteger claimable;
            try
            {
                claimable = await chain.Web3.Eth.GetContractQueryHandler<ClaimableFunction>().QueryAsync<BigInteger>(
                    chain.Deployment.GetContract("DatasetMarket").Address,
                    new ClaimableFunction { VersionId = version.VersionId, Account = caller, Shares = units }).WaitAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return ApiProblem.Unavailable("Chain unavailable", $"the market's accounting cannot be read: {ex.Message}").ToResult();
            }

            var claimed = claims.Where(c => c.VersionId == version.VersionId).Aggregate(BigInteger.Zero, (sum, c) => sum + (c.Amount ?? 0));
            versions.Add(new VersionShares(
                version.VersionId.ToString(CultureInfo.InvariantCulture), tree.Domain, units, tree.Owners.Values.Sum(),
                claimable.ToString(CultureInfo.InvariantCulture), claimed.ToString(CultureInfo.InvariantCulture), version.Retired is not null));
        }

        return TypedResults.Ok(new MemberShares(caller, pending, versions, claims.Select(EventView.From).ToList()));
    }

    private static Results<Ok<List<EventView>>, ProblemHttpResult> Purchases(ClaimsPrincipal user, IndexerService indexer) =>
        indexer.Indexer is not { } running
            ? ChainApi.NotIndexing(indexer)
            : TypedResults.Ok(running.Store.Purchases(user.Wallet(), null).Select(EventView.From).ToList());

}

/// <summary>A member's shares.</summary>
/// <param name="Account">The member.</param>
/// <param name="Pending">Per domain, units in the domain's finished images: what the next version's shares tree will give.</param>
/// <param name="Versions">Per published version whose shares tree this node computed: units, and what the contract says is claimable now.</param>
/// <param name="Claims">Claims the member made on chain, from the index.</param>
public sealed record MemberShares(string Account, IReadOnlyList<PendingShares> Pending, IReadOnlyList<VersionShares> Versions, IReadOnlyList<EventView> Claims);

/// <summary>A member's shares in one published version.</summary>
/// <param name="VersionId">The version.</param>
/// <param name="Domain">The domain its shares came from.</param>
/// <param name="Units">The member's units (the leaf to claim with).</param>
/// <param name="TotalUnits">Every co-owner's units in the version.</param>
/// <param name="Claimable">Token base units claimable now, from the market's <c>claimable</c> (sales so far, less what was claimed).</param>
/// <param name="Claimed">Token base units the member claimed so far, from the index.</param>
/// <param name="Retired">The version is retired (no more sales; what was earned stays claimable).</param>
public sealed record VersionShares(string VersionId, string Domain, long Units, long TotalUnits, string Claimable, string Claimed, bool Retired);

/// <summary>Pending shares in one domain.</summary>
/// <param name="Domain">The domain.</param>
/// <param name="Units">The member's units.</param>
/// <param name="TotalUnits">Every co-owner's units in the domain's finished images.</param>
public sealed record PendingShares(string Domain, long Units, long TotalUnits);
