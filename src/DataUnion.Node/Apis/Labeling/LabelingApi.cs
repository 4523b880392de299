using System.Globalization;
using System.Numerics;
using System.Security.Claims;
using DataUnion.Chain.Connection;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Merkle;
using DataUnion.Core.Content;
using DataUnion.Core.Labeling;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Store;
using DataUnion.Node.Apis.Gateway;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Security;
using DataUnion.Storage.Labeling;
using DataUnion.Storage.Shares;
using Microsoft.AspNetCore.Http.HttpResults;
using Nethereum.Util;

namespace DataUnion.Node.Apis.Labeling;

/// <summary>
/// Labeling over HTTP. The operator (operator token) sets up domains, puts pinned images up for
/// labeling, reads any labeler's record and the shares of finished images. Labelers (a wallet
/// session from Sign-In with Ethereum) ask for bundles, fetch exactly the images of their open
/// bundles, and post their answers.
/// </summary>
public static partial class LabelingApi
{
    /// <summary>Maps <c>/api/v1/labeling/*</c>.</summary>
    public static WebApplication MapLabelingApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var labeling = app.MapGroup("/api/v1/labeling").WithTags("Labeling");
        var api = labeling.MapGroup("").ForOperator();
        api.MapPut("/domains/{name}", PutDomain).WithSummary("Creates or replaces a domain: classes with IoU thresholds, overlap, gold ratio, qualification.");
        api.MapGet("/domains", GetDomains).WithSummary("Every domain with its image counts.");
        api.MapPost("/domains/{name}/images", PostImage).WithSummary("Puts a pinned image up for labeling; with expert boxes it is a gold item.");
        api.MapGet("/images/{id}", GetImage).WithSummary("An image's answers, labelers, consensus and shares.");
        api.MapGet("/domains/{name}/labelers/{address}", GetLabeler).WithSummary("A labeler's qualification, reputation, standing and voting power.");
        api.MapGet("/domains/{name}/labelers", GetLabelers).WithSummary("Every labeler with a record in the domain: qualification, reputation, standing, voting power.");
        api.MapPost("/domains/{name}/labelers/{address}/suspension", PostSuspension)
            .WithSummary("Suspends a labeler in the domain ({\"days\", \"reason\"}); it counts towards a ban, and their open bundle is withdrawn.");
        api.MapDelete("/domains/{name}/labelers/{address}/suspension", DeleteSuspension)
            .WithSummary("Lifts a labeler's suspension (it no longer counts towards a ban); a ban is final (403).");
        api.MapGet("/domains/{name}/queue", GetQueue).WithSummary("The domain's queue: images waiting, in bundles, finished, withdrawn; answers in the last hour and day; gold pass rate.");
        api.MapGet("/domains/{name}/shares", GetShares).WithSummary("Shares of the finished images as a version's shares tree (?versionId=, default the market's next).");

        var labeler = labeling.MapGroup("").ForMembers();
        labeler.MapPost("/domains/{name}/bundles", PostBundle).RequireRateLimiting(RateLimiting.AnswerPolicy).WithSummary("A bundle of images to label (the open one again until it is answered or expires).");
        labeler.MapGet("/bundles/{id}/images/{cid}", GetBundleImageAsync).WithSummary("An image of the caller's open bundle.");
        labeler.MapPost("/bundles/{id}/answers", PostAnswers).RequireRateLimiting(RateLimiting.AnswerPolicy).WithSummary("The caller's boxes for every image of the bundle.");
        labeler.MapGet("/domains/{name}/me", GetMe).WithSummary("The caller's own record in the domain.");
        return app;
    }

    private static Results<Ok<DomainView>, ProblemHttpResult> PutDomain(string name, DomainRequest request, LabelingEngine engine)
    {
        if (request.Classes is null or { Count: 0 })
        {
            return Problem(LabelingErrorKind.Invalid, ["classes: at least one class with its IoU threshold is required, e.g. {\"face\": 0.5}"]);
        }

        var defaults = new LabelingDomain { Name = name, Classes = request.Classes };
        var domain = defaults with
        {
            MinOverlap = request.MinOverlap ?? defaults.MinOverlap,
            MaxOverlap = request.MaxOverlap ?? defaults.MaxOverlap,
            ConfidenceTarget = request.ConfidenceTarget ?? defaults.ConfidenceTarget,
            GoldRatio = request.GoldRatio ?? defaults.GoldRatio,
            QualificationSize = request.QualificationSize ?? defaults.QualificationSize,
            PassMeanIoU = request.PassMeanIoU ?? defaults.PassMeanIoU,
            PassPrecision = request.PassPrecision ?? defaults.PassPrecision,
            PassRecall = request.PassRecall ?? defaults.PassRecall,
            QualificationCooldown = request.QualificationCooldown ?? defaults.QualificationCooldown,
            MaxBoxesPerImage = request.MaxBoxesPerImage ?? defaults.MaxBoxesPerImage,
        };
        return Run(() =>
        {
            engine.SaveDomain(domain);
            return View(engine, engine.FindDomain(name)!);
        });
    }

    private static List<DomainView> GetDomains(LabelingEngine engine) => engine.Domains().Select(d => View(engine, d)).ToList();

    /// <summary>
    /// Puts a pinned image up for labeling, and makes the domain an owner of its pin: the image
    /// stays however its other owners let go, until labeling does. The check, the engine's record
    /// and the new owner happen under the store's shared lock, so garbage collection cannot run
    /// between them.
    /// </summary>
    private static async Task<Results<Ok<ImageView>, ProblemHttpResult>> PostImage(
        string name, ImageRequest request, LabelingEngine engine, IpfsStore store, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (!Cid.TryParse(request.Image, out var cid, out var cidError))
        {
            problems.Add($"image: {cidError}");
        }
        else if (store.FindPin(cid!) is null)
        {
            problems.Add(NotPinned(request.Image!));
        }

        if (request.Contributor is null || !AddressUtil.Current.IsValidEthereumAddressHexFormat(request.Contributor))
        {
            problems.Add($"contributor: '{request.Contributor}' is not a wallet address (0x and 40 hex digits)");
        }

        if (request.Width is null || request.Height is null)
        {
            problems.Add("width and height: the image's size in pixels is required");
        }

        var gold = request.Gold is null ? null : Boxes(request.Gold, "gold", problems);
        if (problems.Count > 0)
        {
            return Problem(LabelingErrorKind.Invalid, problems);
        }

        using (await store.Locker.EnterSharedAsync(cancellationToken))
        {
            if (store.FindPin(cid!) is not { } pin)
            {
                return Problem(LabelingErrorKind.Invalid, [NotPinned(request.Image!)]);
            }

            if (pin.Mode != PinMode.Recursive && !store.HasWholeDag(pin.Cid))
            {
                // Labeling holds the whole image: a direct pin of its root alone would let the rest go.
                return Problem(LabelingErrorKind.Invalid, [$"image: {request.Image} is pinned directly and not all of its blocks are here; pin it recursively first"]);
            }

            return Run(() =>
            {
                var id = engine.AddImage(name, new LabelingItem(request.Image!, request.Width!.Value, request.Height!.Value, request.Contributor!.ToLowerInvariant(), gold));
                store.AddPinOwner(pin, PinOwner.Labeling(name));
                return ImageView.From(engine.Image(id)!);
            });
        }
    }

    private static Results<Ok<ImageView>, ProblemHttpResult> GetImage(string id, LabelingEngine engine) =>
        engine.Image(id) is { } image ? TypedResults.Ok(ImageView.From(image)) : Problem(LabelingErrorKind.NotFound, [$"image '{id}' was never put up for labeling"]);

    private static Results<Ok<LabelerStatus>, ProblemHttpResult> GetLabeler(string name, string address, LabelingEngine engine) =>
        !AddressUtil.Current.IsValidEthereumAddressHexFormat(address)
            ? Problem(LabelingErrorKind.Invalid, [$"'{address}' is not a wallet address (0x and 40 hex digits)"])
            : Run(() => engine.Labeler(name, address.ToLowerInvariant()));

    private static Results<Ok<IReadOnlyList<LabelerStatus>>, ProblemHttpResult> GetLabelers(string name, LabelingEngine engine) =>
        Run(() => engine.LabelersOf(name));

    private static Results<Ok<LabelerStatus>, ProblemHttpResult> PostSuspension(string name, string address, SuspensionRequest? request, LabelingEngine engine)
    {
        if (!AddressUtil.Current.IsValidEthereumAddressHexFormat(address))
        {
            return Problem(LabelingErrorKind.Invalid, [$"'{Cut(address)}' is not a wallet address (0x and 40 hex digits)"]);
        }

        if (request?.Days is not { } days || !double.IsFinite(days) || days <= 0 || days > LabelingEngine.MaxOperatorSuspension.TotalDays || string.IsNullOrWhiteSpace(request.Reason))
        {
            return Problem(LabelingErrorKind.Invalid, [$"send {{\"days\": <more than 0, at most {LabelingEngine.MaxOperatorSuspension.TotalDays}>, \"reason\": <1 to 500 characters>}}"]);
        }

        return Run(() => engine.Suspend(name, address.ToLowerInvariant(), TimeSpan.FromDays(days), request.Reason));
    }

    private static Results<Ok<LabelerStatus>, ProblemHttpResult> DeleteSuspension(string name, string address, LabelingEngine engine) =>
        !AddressUtil.Current.IsValidEthereumAddressHexFormat(address)
            ? Problem(LabelingErrorKind.Invalid, [$"'{Cut(address)}' is not a wallet address (0x and 40 hex digits)"])
            : Run(() => engine.Lift(name, address.ToLowerInvariant()));

    private static Results<Ok<QueueStatistics>, ProblemHttpResult> GetQueue(string name, LabelingEngine engine) => Run(() => engine.Queue(name));

    private static string Cut(string text) => text.Length > 64 ? text[..64] + "…" : text;

    private static Results<Ok<LabelerStatus>, ProblemHttpResult> GetMe(string name, ClaimsPrincipal user, LabelingEngine engine) =>
        Run(() => engine.Labeler(name, user.Wallet()));

    private static Results<Ok<BundleView>, ProblemHttpResult> PostBundle(string name, ClaimsPrincipal user, LabelingEngine engine) =>
        Run(() =>
        {
            var bundle = engine.RequestBundle(name, user.Wallet());
            return new BundleView(bundle.Id, bundle.Domain, bundle.ExpiresAt, bundle.Items.Select(i => new BundleItemView(
                i.Image, i.Width, i.Height, $"/api/v1/labeling/bundles/{Uri.EscapeDataString(bundle.Id)}/images/{Uri.EscapeDataString(i.Image)}")).ToList());
        });

    private static async Task<IResult> GetBundleImageAsync(string id, string cid, ClaimsPrincipal user, HttpContext context, LabelingEngine engine, IpfsStore store, CancellationToken cancellationToken)
    {
        if (!engine.MayView(id, user.Wallet(), cid))
        {
            return Problem(LabelingErrorKind.NotFound, [$"image '{cid}' is not in an open bundle '{id}' of yours"]);
        }

        // The image is personal data shown to one labeler for one bundle: no shared cache may keep it.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.CacheControl = "private, no-store";
            return Task.CompletedTask;
        });
        return await GatewayApi.ServeContentAsync(cid, context, store, publicOnly: false, cancellationToken);
    }

    private static Results<Ok<SubmissionReceipt>, ProblemHttpResult> PostAnswers(string id, AnswersRequest request, ClaimsPrincipal user, LabelingEngine engine)
    {
        if (request.Answers is null)
        {
            return Problem(LabelingErrorKind.Invalid, ["answers: a list with one answer per image of the bundle is required"]);
        }

        var problems = new List<string>();
        var answers = request.Answers.Select((a, i) => new ItemAnswer(
            a?.Image ?? string.Empty,
            Boxes(a?.Boxes ?? [], $"answers[{i}]", problems))).ToList();
        if (request.Answers.Any(a => a?.Image is null || a.Boxes is null))
        {
            problems.Add("every answer needs an image and a list of boxes (empty when the image shows none of the domain's classes)");
        }

        return problems.Count > 0 ? Problem(LabelingErrorKind.Invalid, problems) : Run(() => engine.Submit(id, user.Wallet(), answers));
    }

    private static async Task<Results<Ok<SharesView>, ProblemHttpResult>> GetShares(
        string name, string? versionId, LabelingEngine engine, ChainConnection chain, LiteDbSharesTrees trees, TimeProvider time, CancellationToken cancellationToken)
    {
        BigInteger? requested = null;
        if (versionId is not null)
        {
            if (!BigInteger.TryParse(versionId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                return Problem(LabelingErrorKind.Invalid, [$"versionId '{versionId}' is not a version id (a decimal number from 1)"]);
            }

            requested = parsed;
        }

        IReadOnlyDictionary<string, long> shares;
        try
        {
            shares = engine.Shares(name);
        }
        catch (LabelingException ex)
        {
            return Problem(ex.Kind, ex.Problems);
        }

        if (shares.Count == 0)
        {
            return Problem(LabelingErrorKind.NotFound, [$"domain '{name}' has no finished image yet, so there are no shares"]);
        }

        if (!chain.IsEstablished)
        {
            return ApiProblem.Unavailable("Chain not ready", "the chain is still coming up; the shares tree needs its chain id and market").ToResult();
        }

        var market = chain.Deployment.GetContract("DatasetMarket").Address;
        var version = requested ?? (await chain.Web3.Eth.GetContractQueryHandler<VersionCountFunction>().QueryAsync<BigInteger>(market, new VersionCountFunction()).WaitAsync(cancellationToken)) + 1;
        var owners = shares.OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        var tree = StandardMerkleTree.Of([.. owners.Select(o => StandardMerkleTree.SharesLeaf(chain.Deployment.ChainId, market, version, o.Key, o.Value))]);
        // Kept by its root: once a version is published with it, each co-owner can see their units and claim.
        trees.Record(new SharesTree(Hex(tree.Root), name, version.ToString(CultureInfo.InvariantCulture), owners.ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal), time.GetUtcNow()));
        return TypedResults.Ok(new SharesView(
            version.ToString(CultureInfo.InvariantCulture),
            Hex(tree.Root),
            owners.Sum(o => o.Value).ToString(CultureInfo.InvariantCulture),
            owners.Select((o, i) => new ShareView(o.Key, o.Value, tree.GetProof(i).Select(Hex).ToList())).ToList()));
    }

    private static string NotPinned(string image) =>
        $"image: {image} is not pinned on this node; add and pin it first, so it cannot disappear while it is labeled";


    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);

    private static DomainView View(LabelingEngine engine, LabelingDomain domain)
    {
        var (real, finished, gold, retired) = engine.Counts(domain.Name);
        return new DomainView(domain, real, finished, gold, retired);
    }
}
