using System.Security.Claims;
using System.Text.Json.Nodes;
using DataUnion.Chain.Signing;
using DataUnion.Core.Content;
using DataUnion.Ipfs.Store;
using DataUnion.Node.Contributions;
using DataUnion.Node.Hosting;
using DataUnion.Node.Security;
using DataUnion.Storage.Contributions;
using DataUnion.Storage.Labeling;
using DataUnion.Storage.Versions;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Apis.Contributions;

/// <summary>
/// Contributions over HTTP: a signed-in member uploads images, signs the consent each upload
/// returns, follows them through labeling, and may withdraw them. The terms (licence, consent
/// type, attribute vocabulary) and the fairness statistics are public.
/// </summary>
public static class ContributionsApi
{
    /// <summary>Most contributions in one page of the listing.</summary>
    public const int MaxPage = 200;

    /// <summary>Maps <c>/api/v1/contributions/*</c>.</summary>
    public static WebApplication MapContributionsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<ContributionOptions>>().Value;
        var contributions = app.MapGroup("/api/v1/contributions").WithTags("Contributions");
        contributions.MapGet("/terms", Terms).ForPublic()
            .WithSummary("What a contributor agrees to: the licence (id, full text, keccak256), the EIP-712 consent type and domain, the attribute vocabulary, the consent window.");
        contributions.MapGet("/statistics", Statistics).ForPublic()
            .WithSummary("Who the consented images represent: per domain, counts per self-declared attribute value; groups under the minimum size are pooled.");

        var member = contributions.MapGroup("").ForMembers();
        BodyLimit.On(member.MapPost("/", UploadAsync), options.MaxUploadBytes)
            .RequireRateLimiting(RateLimiting.UploadPolicy)
            .DisableAntiforgery()
            .WithSummary("Uploads images (multipart: 'domain', optional 'attributes' JSON, files). JPEG, PNG or WebP by their bytes; checked, metadata stripped, pinned. Each answer carries the EIP-712 consent to sign.");
        member.MapGet("/", List).WithSummary("The caller's contributions with their status, oldest first (?after= sequence, ?limit= up to 200).");
        member.MapGet("/{cid}", Get).WithSummary("One of the caller's contributions.");
        member.MapPost("/{cid}/consent", ConsentAsync).RequireRateLimiting(RateLimiting.UploadPolicy)
            .WithSummary("Records the signed consent (EOA or ERC-1271 wallet) and puts the image up for labeling.");
        member.MapDelete("/{cid}", WithdrawAsync)
            .WithSummary("Withdraws the caller's image: out of labeling and every future version, unpinned unless a published version holds it.");
        return app;
    }

    private static async Task<IResult> UploadAsync(HttpContext context, ClaimsPrincipal user, ContributionService service, IOptions<ContributionOptions> options, IOptions<ImageLimits> limits, LabelingEngine labeling, LiteDbVersionStore versions)
    {
        var form = await UploadForm.ReadAsync(context.Request, options.Value.MaxFilesPerUpload, limits.Value.MaxBytes, context.RequestAborted);
        var uploaded = await service.UploadAsync(user.Wallet(), form.Domain, form.Attributes, form.Files, context.RequestAborted);
        return TypedResults.Ok(uploaded.Select(c => View(c, labeling, versions)).ToList());
    }

    private static IResult List(ClaimsPrincipal user, ContributionService service, LabelingEngine labeling, LiteDbVersionStore versions, long? after, int? limit)
    {
        var page = Math.Clamp(limit ?? 50, 1, MaxPage);
        var items = service.Of(user.Wallet(), Math.Max(0, after ?? 0), page);
        return TypedResults.Ok(new ContributionPage(items.Select(c => View(c, labeling, versions)).ToList(), items.Count == page ? items[^1].Sequence : null));
    }

    private static IResult Get(string cid, ClaimsPrincipal user, ContributionService service, LabelingEngine labeling, LiteDbVersionStore versions) =>
        TypedResults.Ok(View(service.Mine(user.Wallet(), cid), labeling, versions));

    private static async Task<IResult> ConsentAsync(string cid, ConsentRequest? request, ClaimsPrincipal user, ContributionService service, LabelingEngine labeling, LiteDbVersionStore versions, CancellationToken cancellationToken) =>
        TypedResults.Ok(View(await service.ConsentAsync(user.Wallet(), cid, request?.Signature, cancellationToken), labeling, versions));

    private static async Task<IResult> WithdrawAsync(string cid, ClaimsPrincipal user, ContributionService service, LabelingEngine labeling, LiteDbVersionStore versions, CancellationToken cancellationToken) =>
        TypedResults.Ok(View(await service.WithdrawAsync(user.Wallet(), cid, cancellationToken), labeling, versions));

    private static TermsView Terms(ContributionService service, IOptions<ContributionOptions> options, DataUnion.Chain.Connection.ChainConnection chain) => new(
        new LicenceView(service.Licence.Id, service.Licence.Hash, service.Licence.Text),
        new ConsentTypeView(ConsentSigner.DomainName, ConsentSigner.DomainVersion, chain.IsEstablished ? chain.Deployment.ChainId : null,
            chain.IsEstablished ? chain.Deployment.GetContract("DatasetMarket").Address : null, ConsentSigner.TypeSignature),
        service.Vocabulary.Attributes,
        AttributeVocabulary.PreferNotToSay,
        options.Value.ConsentWindow);

    private static StatisticsView Statistics(ContributionStatistics statistics) => statistics.Current();

    internal static ContributionView View(Contribution c, LabelingEngine labeling, LiteDbVersionStore versions)
    {
        var image = c.State == ContributionState.Consented ? labeling.Image(c.Cid) : null;
        // A withdrawn image stays in the versions published before: it shows them too.
        var holding = Versions(c, versions);
        var status = c.State switch
        {
            ContributionState.AwaitingConsent => "awaiting-consent",
            ContributionState.Withdrawn => "withdrawn",
            _ when holding.Count > 0 => "in-version",
            _ when image?.Finished == true => "finished",
            _ => "in-labeling",
        };
        var consent = ContributionService.ConsentOf(c);
        return new ContributionView(
            c.Cid, c.Domain, c.Kind, c.Bytes, c.Width, c.Height, c.Orientation, status, c.UploadedAt, c.Deadline, c.ConsentedAt, c.WithdrawnAt,
            c.Attributes,
            c.Consent.AttributesSalt,
            new ConsentView(
                ConsentSigner.ToJson(c.Consent.ChainId, c.Consent.Market, consent),
                c.ConsentDigest ?? ContributionService.DigestOf(c),
                c.Signature,
                c.Signer),
            image is null ? null : new ContributionLabelingView(image.Answers, image.Wanted, image.Finished, image.Shares?.GetValueOrDefault(c.Contributor)),
            holding);
    }

    private static List<string> Versions(Contribution c, LiteDbVersionStore versions) =>
        [.. versions.VersionsOf(c.Key).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))];

}

/// <summary>Body of <c>POST /api/v1/contributions/{cid}/consent</c>.</summary>
/// <param name="Signature">The EIP-712 signature of the consent the upload returned (0x hex; 65 bytes from a key, any length from an ERC-1271 wallet).</param>
public sealed record ConsentRequest(string? Signature);

/// <summary>A page of the caller's contributions.</summary>
/// <param name="Items">The contributions, oldest first.</param>
/// <param name="Next">Pass as <c>?after=</c> for the next page; null on the last.</param>
public sealed record ContributionPage(IReadOnlyList<ContributionView> Items, long? Next);

/// <summary>A contribution as its contributor sees it.</summary>
/// <param name="Cid">The image's CID (CIDv1, raw leaves, as kubo's <c>add --cid-version 1</c>).</param>
/// <param name="Domain">The labeling domain it is contributed to.</param>
/// <param name="Kind">jpeg, png or webp.</param>
/// <param name="Bytes">Size after metadata was stripped.</param>
/// <param name="Width">Width in pixels as stored.</param>
/// <param name="Height">Height in pixels as stored.</param>
/// <param name="Orientation">EXIF orientation (1–8) for viewers to apply; the pixels are not rotated.</param>
/// <param name="Status">awaiting-consent, in-labeling, finished, in-version or withdrawn.</param>
/// <param name="UploadedAt">When it was uploaded.</param>
/// <param name="ConsentDeadline">Unsigned after this, the upload expires.</param>
/// <param name="ConsentedAt">When the consent was recorded.</param>
/// <param name="WithdrawnAt">When it was withdrawn.</param>
/// <param name="Attributes">The attributes the contributor declared (shown to the contributor only).</param>
/// <param name="AttributesSalt">The random salt of the consent's <c>attributesHash</c> (shown to the contributor only): with it and the attributes, the contributor can prove what they declared; without it, nobody can test guesses against the hash.</param>
/// <param name="Consent">The consent to sign, or as recorded.</param>
/// <param name="Labeling">Progress in labeling, once consented.</param>
/// <param name="Versions">Ids of the versions sent for publishing that hold the image (a withdrawal keeps it in those).</param>
public sealed record ContributionView(
    string Cid, string Domain, string Kind, long Bytes, int Width, int Height, int Orientation, string Status, DateTimeOffset UploadedAt,
    DateTimeOffset ConsentDeadline, DateTimeOffset? ConsentedAt, DateTimeOffset? WithdrawnAt, IReadOnlyDictionary<string, string> Attributes,
    string? AttributesSalt, ConsentView Consent, ContributionLabelingView? Labeling, IReadOnlyList<string> Versions);

/// <summary>The consent of a contribution.</summary>
/// <param name="TypedData">The EIP-712 typed data, the parameter of <c>eth_signTypedData_v4</c>.</param>
/// <param name="Digest">Its digest: the image leaf's <c>consentHash</c>.</param>
/// <param name="Signature">The verified signature, once recorded.</param>
/// <param name="Signer">"eoa" or "contract" (ERC-1271), once recorded.</param>
public sealed record ConsentView(JsonObject TypedData, string Digest, string? Signature, string? Signer);

/// <summary>A consented image's progress in labeling.</summary>
/// <param name="Answers">Answers that counted.</param>
/// <param name="Wanted">Answers wanted before the consensus is judged again.</param>
/// <param name="Finished">True once the consensus is final.</param>
/// <param name="ContributorShares">The contributor's share units in the image, once finished (pending until a version is published).</param>
public sealed record ContributionLabelingView(int Answers, int Wanted, bool Finished, long? ContributorShares);

/// <summary>The terms of contributing.</summary>
/// <param name="Licence">The licence granted.</param>
/// <param name="Consent">The EIP-712 consent type and domain.</param>
/// <param name="Attributes">The attributes a contributor may declare, with their values.</param>
/// <param name="PreferNotToSay">The answer every attribute allows.</param>
/// <param name="ConsentWindow">How long an upload waits for its consent.</param>
public sealed record TermsView(LicenceView Licence, ConsentTypeView Consent, IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes, string PreferNotToSay, TimeSpan ConsentWindow);

/// <summary>A licence.</summary>
/// <param name="Id">Its id, as in the consent.</param>
/// <param name="Hash">keccak256 of its text, as in the consent.</param>
/// <param name="Text">Its full text.</param>
public sealed record LicenceView(string Id, string Hash, string Text);

/// <summary>The EIP-712 consent type.</summary>
/// <param name="DomainName">The EIP-712 domain's name.</param>
/// <param name="DomainVersion">The EIP-712 domain's version.</param>
/// <param name="ChainId">The domain's chain id (null until the chain is known).</param>
/// <param name="VerifyingContract">The market (null until the chain is known).</param>
/// <param name="Type">The primary type's signature.</param>
public sealed record ConsentTypeView(string DomainName, string DomainVersion, long? ChainId, string? VerifyingContract, string Type);
