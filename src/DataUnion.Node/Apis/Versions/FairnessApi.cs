using System.Globalization;
using DataUnion.Core.Fairness;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Fairness;
using DataUnion.Node.Hosting;
using DataUnion.Node.Security;
using DataUnion.Node.Versions;
using DataUnion.Storage.Versions;

namespace DataUnion.Node.Apis.Versions;

/// <summary>
/// Fairness reports over HTTP. Anyone reads who a published version represents (the aggregates of
/// its manifest, small groups withheld); the operator evaluates a detector's predictions on a
/// version or draft, per group, since only the node knows which image is in which group.
/// </summary>
public static class FairnessApi
{
    /// <summary>The largest predictions file the operator may send, in bytes (256 MiB: about three million predictions).</summary>
    public const long MaxPredictionsBytes = 256L * 1024 * 1024;

    /// <summary>Maps the fairness endpoints under <c>/api/v1/versions</c>.</summary>
    public static WebApplication MapFairnessApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var versions = app.MapGroup("/api/v1/versions").WithTags("Fairness");
        versions.MapGet("/{id}/fairness", CompositionAsync).ForPublic()
            .WithSummary("Who a published version represents: images per group and per pair of groups, shares with 95 % Wilson intervals against the target, the largest gaps; groups of fewer than k contributors withheld.");
        BodyLimit.On(versions.MapPost("/{id}/fairness", EvaluateAsync).ForOperator(), MaxPredictionsBytes)
            .WithSummary("Evaluates a detector's predictions (a COCO results JSON body) on a version this node built: AP50, AP50:95, recall at a precision and matched IoU per published group, with bootstrap intervals and the worst/best gap.");
        versions.MapGet("/drafts/{domain}/fairness", DraftCompositionAsync).ForOperator().WithSummary("Who the domain's draft represents.");
        BodyLimit.On(versions.MapPost("/drafts/{domain}/fairness", EvaluateDraftAsync).ForOperator(), MaxPredictionsBytes)
            .WithSummary("Evaluates a detector's predictions on the domain's draft.");
        return app;
    }

    private static async Task<IResult> CompositionAsync(string id, VersionService service, FairnessEvaluator fairness, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var versionId) || versionId < 1)
        {
            return ApiProblem.BadRequest($"'{Cut(id)}' is not a version id (a decimal number from 1)").ToResult();
        }

        if (service.Find(versionId) is not { State: VersionState.Published } version)
        {
            return ApiProblem.NotFound($"this node holds no published version {versionId}").ToResult();
        }

        return TypedResults.Ok(new FairnessReport(version.VersionId, version.Domain, await fairness.CompositionAsync(version, cancellationToken), null));
    }

    private static async Task<IResult> EvaluateAsync(string id, HttpRequest request, VersionService service, FairnessEvaluator fairness, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var versionId) || versionId < 1)
        {
            return ApiProblem.BadRequest($"'{Cut(id)}' is not a version id (a decimal number from 1)").ToResult();
        }

        return service.Find(versionId) is { } version
            ? await EvaluateBodyAsync(version, request, fairness, cancellationToken)
            : ApiProblem.NotFound($"this node built no version {versionId}").ToResult();
    }

    private static async Task<IResult> DraftCompositionAsync(string domain, VersionService service, FairnessEvaluator fairness, CancellationToken cancellationToken) =>
        service.Draft(domain) is { } draft
            ? TypedResults.Ok(new FairnessReport(draft.VersionId, draft.Domain, await fairness.CompositionAsync(draft, cancellationToken), null))
            : ApiProblem.NotFound($"domain '{Cut(domain)}' has no draft").ToResult();

    private static async Task<IResult> EvaluateDraftAsync(string domain, HttpRequest request, VersionService service, FairnessEvaluator fairness, CancellationToken cancellationToken) =>
        service.Draft(domain) is { } draft
            ? await EvaluateBodyAsync(draft, request, fairness, cancellationToken)
            : ApiProblem.NotFound($"domain '{Cut(domain)}' has no draft").ToResult();

    private static async Task<IResult> EvaluateBodyAsync(DatasetVersion version, HttpRequest request, FairnessEvaluator fairness, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        if (body.Length == 0)
        {
            return ApiProblem.BadRequest("the body must be the detector's predictions: a COCO results JSON array of {image_id, category_id, bbox, score}").ToResult();
        }

        return TypedResults.Ok(await fairness.EvaluateAsync(version, body.GetBuffer().AsMemory(0, (int)body.Length), cancellationToken));
    }

    private static string Cut(string? text) => text is { Length: > 80 } ? text[..80] + "…" : text ?? string.Empty;
}
