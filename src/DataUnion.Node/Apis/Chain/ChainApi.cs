using System.Globalization;
using System.Numerics;
using DataUnion.Chain.Connection;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Indexing;
using DataUnion.Chain.Outbox;
using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Dag;
using DataUnion.Ipfs.Store;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Util;

namespace DataUnion.Node.Apis.Chain;

/// <summary>
/// The chain layer over HTTP (operator token): indexer and outbox status, the indexed purchases,
/// claims, stakes and versions, and publishing a version through the outbox.
/// </summary>
public static class ChainApi
{
    /// <summary>Longest idempotency key of an intent, in characters.</summary>
    public const int MaxKeyLength = 200;

    /// <summary>Maps <c>/api/v1/chain/*</c>.</summary>
    public static WebApplication MapChainApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/v1/chain").WithTags("Chain").ForOperator();
        api.MapGet("/status", GetStatus).WithSummary("Indexer progress and the outbox's sender and unfinished intents.");
        api.MapGet("/versions", GetVersions).WithSummary("Every published version with retirement, purchases, revenue and claims.");
        api.MapGet("/purchases", GetPurchases).WithSummary("Purchases, filtered by ?buyer=0x… and/or ?version=N.");
        api.MapGet("/claims/{account}", GetClaims).WithSummary("Claims of one co-owner.");
        api.MapGet("/stakes/{labeler}", GetStake).WithSummary("A labeler's stake: staked, cooling down, withdrawn, slashed, held.");
        api.MapGet("/outbox", GetOutbox).WithSummary("The newest outbox intents (?limit=, default 100).");
        api.MapGet("/outbox/{key}", GetIntent).WithSummary("One outbox intent by its idempotency key.");
        api.MapPost("/versions", PublishVersion).WithSummary("Records a publishVersion intent; the outbox sends it exactly once. 202 with the intent.");
        return app;
    }

    private static ChainStatus GetStatus(IndexerService indexer, OutboxService outbox)
    {
        var running = indexer.Indexer;
        var pass = indexer.LastPass;
        return new ChainStatus(
            new IndexerStatus(running is not null, running?.LastBlock, pass?.Head, running?.Range, running?.Store.Count(), indexer.LastError),
            outbox.Outbox is { } o ? new OutboxStatus(o.Sender, o.Confirmations, o.UnfinishedCount()) : null);
    }

    private static Results<Ok<List<VersionView>>, ProblemHttpResult> GetVersions(IndexerService indexer) =>
        indexer.Indexer is { } running
            ? TypedResults.Ok(running.Store.Versions().Select(VersionView.From).ToList())
            : NotIndexing(indexer);

    private static Results<Ok<List<EventView>>, ProblemHttpResult> GetPurchases(IndexerService indexer, string? buyer, string? version)
    {
        if (indexer.Indexer is not { } running)
        {
            return NotIndexing(indexer);
        }

        if (buyer is not null && !IsAddress(buyer))
        {
            return BadRequest($"buyer '{buyer}' is not an address (0x and 40 hex digits)");
        }

        BigInteger? versionId = null;
        if (version is not null)
        {
            if (!BigInteger.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return BadRequest($"version '{version}' is not a version id (a decimal number)");
            }

            versionId = parsed;
        }

        return TypedResults.Ok(running.Store.Purchases(buyer, versionId).Select(EventView.From).ToList());
    }

    private static Results<Ok<List<EventView>>, ProblemHttpResult> GetClaims(IndexerService indexer, string account) =>
        indexer.Indexer is not { } running ? NotIndexing(indexer)
        : !IsAddress(account) ? BadRequest($"'{account}' is not an address (0x and 40 hex digits)")
        : TypedResults.Ok(running.Store.Claims(account).Select(EventView.From).ToList());

    private static Results<Ok<StakeView>, ProblemHttpResult> GetStake(IndexerService indexer, string labeler) =>
        indexer.Indexer is not { } running ? NotIndexing(indexer)
        : !IsAddress(labeler) ? BadRequest($"'{labeler}' is not an address (0x and 40 hex digits)")
        : TypedResults.Ok(StakeView.From(running.Store.Stake(labeler)));

    private static Results<Ok<List<IntentView>>, ProblemHttpResult> GetOutbox(OutboxService outbox, int? limit) =>
        outbox.Outbox is not { } o ? NoOutbox()
        : limit is < 1 or > 10_000 ? BadRequest($"limit must be between 1 and 10000, got {limit}")
        : TypedResults.Ok(o.Recent(limit ?? 100).Select(IntentView.From).ToList());

    private static Results<Ok<IntentView>, ProblemHttpResult> GetIntent(OutboxService outbox, string key) =>
        outbox.Outbox is not { } o ? NoOutbox()
        : key.Length <= MaxKeyLength && o.Find(key) is { } intent ? TypedResults.Ok(IntentView.From(intent))
        : ApiProblem.NotFound($"no outbox intent has the key '{(key.Length > 80 ? key[..80] + "…" : key)}'").ToResult();

    /// <summary>
    /// Records the publish intent. When the manifest's DAG is in the store it is pinned for the
    /// version, so the published dataset stays however its other owners let go.
    /// </summary>
    private static async Task<Results<Accepted<IntentView>, ProblemHttpResult>> PublishVersion(
        PublishVersionRequest request, OutboxService outbox, ChainConnection chain, IpfsStore store, CancellationToken cancellationToken)
    {
        if (outbox.Outbox is not { } o)
        {
            return NoOutbox();
        }

        var errors = new List<string>();
        var key = string.IsNullOrWhiteSpace(request.Key) ? null : request.Key.Trim();
        if (key is null || key.Length > MaxKeyLength)
        {
            errors.Add($"key: an idempotency key of 1-{MaxKeyLength} characters is required (the same key never publishes twice)");
        }

        var images = Bytes32(request.ImagesRoot, "imagesRoot", errors);
        var shares = Bytes32(request.SharesRoot, "sharesRoot", errors);
        if (request.DatasetId is null)
        {
            errors.Add("datasetId: required (a number from 0 to 2^64-1)");
        }

        // The market stores shares in 64 bits and prices in 128.
        var totalShares = Positive(request.TotalShares, "totalShares", ulong.MaxValue, errors);
        var price = Positive(request.Price, "price", UInt128.MaxValue, errors);
        var token = request.Token ?? chain.Deployment.GetContract("DataUnionToken").Address;
        if (!IsAddress(token))
        {
            errors.Add($"token: '{token}' is not an address");
        }

        byte[] manifest = [];
        if (Cid.TryParse(request.ManifestCid, out var cid, out var cidError))
        {
            manifest = cid!.ToV1().Bytes.ToArray();
        }
        else
        {
            errors.Add($"manifestCid: {cidError}");
        }

        if (errors.Count > 0)
        {
            return BadRequest(string.Join("; ", errors));
        }

        var call = new PublishVersionFunction
        {
            DatasetId = request.DatasetId!.Value,
            ImagesRoot = images!,
            SharesRoot = shares!,
            TotalShares = totalShares!.Value,
            Price = price!.Value,
            Token = token,
            ManifestCid = manifest,
        };
        TransactionIntent intent;
        try
        {
            intent = o.Enqueue(MarketIntents.PublishVersion(key!, chain.Deployment.GetContract("DatasetMarket").Address, call));
        }
        catch (OutboxException ex)
        {
            return ApiProblems.Describe(ex)!.ToResult();
        }

        if (store.Blocks.Has(cid!))
        {
            try
            {
                await store.PinAsync(cid!, PinMode.Recursive, PinOwner.Version(key!), $"version {key}", cancellationToken);
            }
            catch (Exception ex) when (ex is BlockStoreException or DagFormatException)
            {
                // Only part of the manifest's DAG is here: the version is published all the same,
                // and whoever hosts the dataset keeps it.
            }
        }

        return TypedResults.Accepted($"/api/v1/chain/outbox/{Uri.EscapeDataString(intent.Key)}", IntentView.From(intent));
    }

    private static byte[]? Bytes32(string? hex, string name, List<string> errors)
    {
        if (hex is null || hex.Length != 66 || !hex.StartsWith("0x", StringComparison.Ordinal) || !hex.IsHex())
        {
            errors.Add($"{name}: expected 0x and 64 hex digits");
            return null;
        }

        var bytes = hex.HexToByteArray();
        if (bytes.All(b => b == 0))
        {
            errors.Add($"{name}: must not be zero");
        }

        return bytes;
    }

    private static BigInteger? Positive(string? text, string name, BigInteger max, List<string> errors)
    {
        if (!BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0 || value > max)
        {
            errors.Add($"{name}: expected a decimal integer from 1 to {max}, got '{text}'");
            return null;
        }

        return value;
    }

    private static bool IsAddress(string value) => AddressUtil.Current.IsValidEthereumAddressHexFormat(value);

    private static ProblemHttpResult BadRequest(string detail) => ApiProblem.BadRequest(detail).ToResult();

    internal static ProblemHttpResult NotIndexing(IndexerService indexer) => ApiProblem.Unavailable(
        "Indexer not running",
        indexer.LastError ?? "the indexer has not started (the chain is still coming up, or Chain:Indexer:Enabled is false)").ToResult();

    private static ProblemHttpResult NoOutbox() => ApiProblem.Unavailable(
        "No outbox",
        "the node has no operator wallet (create one with 'dataunion wallet new' or 'dataunion wallet import'), or the chain is still coming up").ToResult();
}
