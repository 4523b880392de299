using System.Globalization;
using System.Numerics;
using System.Security.Claims;
using DataUnion.Chain.Connection;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Indexing;
using DataUnion.Chain.Versions;
using DataUnion.Core.Content;
using DataUnion.Ipfs.Store;
using DataUnion.Node.Apis.Chain;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Security;
using DataUnion.Node.Versions;
using DataUnion.Storage.Versions;
using Nethereum.Util;

namespace DataUnion.Node.Apis.Versions;

/// <summary>
/// Dataset versions over HTTP. The operator builds a domain's draft, reads it, and publishes it;
/// anyone lists the published versions and reads their manifest and tree dumps, which hold
/// hashes and addresses, never images or annotations.
/// </summary>
public static class VersionsApi
{
    /// <summary>The files of a published version anyone may read.</summary>
    public static IReadOnlyList<string> PublicFiles { get; } = [VersionContent.ManifestPath, VersionContent.ImagesTreePath, VersionContent.SharesTreePath];

    /// <summary>Maps <c>/api/v1/versions/*</c>.</summary>
    public static WebApplication MapVersionsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var versions = app.MapGroup("/api/v1/versions").WithTags("Versions");
        versions.MapGet("/", List).ForPublic()
            .WithSummary("Published versions: price, token, image count, manifest CID, purchases, retirement.");
        versions.MapGet("/{id}", Get).ForPublic().WithSummary("One published version.");
        versions.MapGet("/{id}/{**path}", GetFileAsync).ForPublic()
            .WithSummary("A published version's manifest.json, trees/images.json or trees/shares.json (OpenZeppelin StandardMerkleTree dumps).");

        versions.MapGet("/{id}/car", DownloadAsync).ForMembers()
            .WithSummary("The whole version as a CARv1 (images, annotations, manifest, trees), to a signed-in wallet that bought it.");

        var operatorGroup = versions.MapGroup("").ForOperator();
        operatorGroup.MapPost("/", BuildAsync).WithSummary("Builds the domain's draft from its finished, consented images: 201 with the draft.");
        operatorGroup.MapGet("/drafts", Drafts).WithSummary("Every draft.");
        operatorGroup.MapGet("/built", Built).WithSummary("Every version this node sent for publishing, with its state.");
        operatorGroup.MapGet("/drafts/{domain}", Draft).WithSummary("The domain's draft.");
        operatorGroup.MapGet("/drafts/{domain}/{**path}", GetDraftFileAsync).WithSummary("A file of the draft: manifest.json, annotations.json, trees/….");
        operatorGroup.MapDelete("/drafts/{domain}", DiscardAsync).WithSummary("Discards the domain's draft and lets its pin go.");
        operatorGroup.MapPost("/drafts/{domain}/publish", PublishAsync)
            .WithSummary("Publishes the draft through the outbox: 202 with the version and its intent. From here on it never changes.");
        return app;
    }

    private static async Task<IResult> BuildAsync(BuildVersionRequest? request, VersionService service, ChainConnection chain, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(request?.Domain))
        {
            errors.Add("domain: required, the labeling domain to build from");
        }

        if (!BigInteger.TryParse(request?.Price, NumberStyles.None, CultureInfo.InvariantCulture, out var price) || price < 1 || price > (BigInteger)UInt128.MaxValue)
        {
            errors.Add($"price: expected a decimal integer from 1 to 2^128-1 (token units), got '{Cut(request?.Price)}'");
        }

        string? token = request?.Token;
        if (token is not null && !AddressUtil.Current.IsValidEthereumAddressHexFormat(token))
        {
            errors.Add($"token: '{Cut(token)}' is not an address (0x and 40 hex digits)");
        }

        if (errors.Count > 0)
        {
            return ApiProblem.BadRequest(errors).ToResult();
        }

        if (!chain.IsEstablished)
        {
            return ApiProblem.Unavailable("Chain not ready", "the chain is still coming up; a version names its chain id and market").ToResult();
        }

        token ??= chain.Deployment.GetContract("DataUnionToken").Address;
        var draft = await service.BuildAsync(request!.Domain!.Trim(), price, token, cancellationToken);
        return TypedResults.Created($"/api/v1/versions/drafts/{Uri.EscapeDataString(draft.Domain)}", BuiltVersionView.From(draft));
    }

    private static IResult Drafts(VersionService service) => TypedResults.Ok(service.Drafts().Select(BuiltVersionView.From).ToList());

    private static IResult Built(VersionService service) => TypedResults.Ok(service.Sent().Select(BuiltVersionView.From).ToList());

    private static IResult Draft(string domain, VersionService service) =>
        service.Draft(domain) is { } draft ? TypedResults.Ok(BuiltVersionView.From(draft)) : NoDraft(domain);

    private static async Task<IResult> GetDraftFileAsync(string domain, string path, VersionService service, HttpContext context, CancellationToken cancellationToken) =>
        service.Draft(domain) is { } draft ? await FileAsync(draft, path, service, context, cancellationToken) : NoDraft(domain);

    private static async Task<IResult> DiscardAsync(string domain, VersionService service, CancellationToken cancellationToken) =>
        await service.DiscardAsync(domain, cancellationToken) ? TypedResults.NoContent() : NoDraft(domain);

    private static async Task<IResult> PublishAsync(string domain, VersionService service, CancellationToken cancellationToken)
    {
        var (version, intent) = await service.PublishAsync(domain, cancellationToken);
        return TypedResults.Accepted($"/api/v1/chain/outbox/{Uri.EscapeDataString(intent.Key)}", new PublishingView(BuiltVersionView.From(version), IntentView.From(intent)));
    }

    /// <summary>
    /// Streams the version's CAR to a buyer: a wallet whose purchase the index holds, or, when the
    /// index has not seen it yet, for which the market's <c>hasPurchased</c> says so.
    /// </summary>
    private static async Task<IResult> DownloadAsync(
        string id, ClaimsPrincipal user, VersionService service, IndexerService indexer, ChainConnection chain, IpfsStore store, HttpContext context, CancellationToken cancellationToken)
    {
        if (VersionId(id) is not { } versionId)
        {
            return BadVersionId(id);
        }

        if (service.Find(versionId) is not { State: VersionState.Published } version)
        {
            return ApiProblem.NotFound($"this node holds no published version {versionId}").ToResult();
        }

        var buyer = user.Wallet();
        var bought = indexer.Indexer?.Store.Purchases(buyer, versionId).Count > 0;
        if (!bought && chain.IsEstablished)
        {
            bought = await chain.Web3.Eth.GetContractQueryHandler<HasPurchasedFunction>().QueryAsync<bool>(
                chain.Deployment.GetContract("DatasetMarket").Address, new HasPurchasedFunction { Buyer = buyer, VersionId = versionId }).WaitAsync(cancellationToken);
        }

        if (!bought)
        {
            return new ApiProblem(StatusCodes.Status403Forbidden, "Not bought",
                [$"{buyer} has not bought version {versionId}; buy it first (dataunion buy {versionId}: {version.Price} units of {version.Token})"]).ToResult();
        }

        var root = Cid.Parse(version.Root);
        var response = context.Response;
        response.ContentType = "application/vnd.ipld.car; version=1; order=dfs; dups=n";
        response.Headers["X-Ipfs-Roots"] = root.ToString();
        response.Headers["X-Dag-Size"] = DagSize(store, root).ToString(CultureInfo.InvariantCulture);
        response.Headers.ContentDisposition = $"attachment; filename=\"version-{versionId}.car\"";
        await store.ExportCarAsync(root, response.Body, cancellationToken);
        return Results.Empty;
    }

    /// <summary>The bytes of every block under <paramref name="root"/>: its Tsize, from the root block.</summary>
    private static ulong DagSize(IpfsStore store, Cid root)
    {
        var block = store.Blocks.Get(root) ?? [];
        return (ulong)block.Length + Ipfs.Dag.DagPbNode.Decode(block).Links.Aggregate(0UL, (sum, l) => sum + (l.TotalSize ?? 0));
    }

    private static IResult List(IndexerService indexer, VersionService service)
    {
        if (indexer.Indexer is not { } running)
        {
            return ChainApi.NotIndexing(indexer);
        }

        var built = service.Sent().Where(v => v.State == VersionState.Published).ToDictionary(v => v.VersionId);
        return TypedResults.Ok(running.Store.Versions().OrderByDescending(v => v.VersionId).Select(v => View(v, built)).ToList());
    }

    private static IResult Get(string id, IndexerService indexer, VersionService service)
    {
        if (indexer.Indexer is not { } running)
        {
            return ChainApi.NotIndexing(indexer);
        }

        if (VersionId(id) is not { } versionId)
        {
            return BadVersionId(id);
        }

        var built = service.Sent().Where(v => v.State == VersionState.Published).ToDictionary(v => v.VersionId);
        return running.Store.Versions().FirstOrDefault(v => v.VersionId == versionId) is { } history
            ? TypedResults.Ok(View(history, built))
            : ApiProblem.NotFound($"no version {versionId} is published on the market").ToResult();
    }

    private static async Task<IResult> GetFileAsync(string id, string path, VersionService service, HttpContext context, CancellationToken cancellationToken)
    {
        if (VersionId(id) is not { } versionId)
        {
            return BadVersionId(id);
        }

        if (!PublicFiles.Contains(path, StringComparer.Ordinal))
        {
            return ApiProblem.NotFound($"a published version's public files are {string.Join(", ", PublicFiles)}; its images and annotations go to its buyers only").ToResult();
        }

        return service.Find(versionId) is { State: VersionState.Published } version
            ? await FileAsync(version, path, service, context, cancellationToken)
            : ApiProblem.NotFound($"this node holds no published version {versionId}").ToResult();
    }

    private static async Task<IResult> FileAsync(DatasetVersion version, string path, VersionService service, HttpContext context, CancellationToken cancellationToken)
    {
        var bytes = await service.ReadFileAsync(version, path, cancellationToken);
        var cid = version.Files[path];
        context.Response.Headers.ETag = $"\"{cid}\"";
        context.Response.Headers["X-Ipfs-Path"] = $"/ipfs/{version.Root}/{path}";
        context.Response.Headers["X-Ipfs-Roots"] = cid;
        return TypedResults.Bytes(bytes, "application/json");
    }

    private static PublishedVersionView View(VersionHistory v, IReadOnlyDictionary<long, DatasetVersion> built)
    {
        var fields = v.Published.Fields;
        var mine = v.VersionId <= long.MaxValue && built.TryGetValue((long)v.VersionId, out var found) ? found : null;
        return new PublishedVersionView(
            Text(v.VersionId), Text(v.DatasetId), mine?.Domain, Text(v.Published.Amount ?? 0), v.Published.Account ?? string.Empty, fields.GetValueOrDefault("feeBps") ?? "0",
            mine?.ImageCount, ManifestCid(fields.GetValueOrDefault("manifestCid")), fields.GetValueOrDefault("imagesRoot") ?? string.Empty,
            fields.GetValueOrDefault("sharesRoot") ?? string.Empty, fields.GetValueOrDefault("totalShares") ?? "0", v.Purchases, v.Retired is not null,
            v.Published.BlockNumber, mine?.Files.Where(f => PublicFiles.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal),
            mine?.ClassCounts);
    }

    /// <summary>The manifest CID the chain holds, as text; null when its bytes are not a CID (published by someone else's tool).</summary>
    private static string? ManifestCid(string? hex)
    {
        if (hex is not { Length: > 2 })
        {
            return null;
        }

        try
        {
            var bytes = Convert.FromHexString(hex[2..]);
            var cid = Cid.Read(bytes, out var length);
            return length == bytes.Length ? cid.ToString() : null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static long? VersionId(string id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var versionId) && versionId >= 1 ? versionId : null;

    private static IResult BadVersionId(string id) => ApiProblem.BadRequest($"'{Cut(id)}' is not a version id (a decimal number from 1)").ToResult();

    private static IResult NoDraft(string domain) => ApiProblem.NotFound($"domain '{Cut(domain)}' has no draft").ToResult();

    private static string Text(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Cut(string? text) => text is { Length: > 80 } ? text[..80] + "…" : text ?? string.Empty;
}
