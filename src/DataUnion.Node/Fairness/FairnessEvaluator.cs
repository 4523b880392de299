using System.Text.Json;
using DataUnion.Chain.Versions;
using DataUnion.Core.Content;
using DataUnion.Core.Fairness;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Contributions;
using DataUnion.Storage.Contributions;
using DataUnion.Storage.Versions;

namespace DataUnion.Node.Fairness;

/// <summary>
/// A version's fairness figures: the composition its manifest holds, and a detector's evaluation
/// per published group. The groups come from the contributors' declarations on this node; only
/// the aggregates leave it.
/// </summary>
public sealed class FairnessEvaluator(Versions.VersionService versions, LiteDbContributionStore contributions, FairnessPolicy policy)
{
    /// <summary>The composition the version's manifest holds.</summary>
    /// <exception cref="ProblemException">409 when the version has none, with the reason it was built without one.</exception>
    public async Task<Composition> CompositionAsync(DatasetVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        using var manifest = JsonDocument.Parse(await versions.ReadFileAsync(version, VersionContent.ManifestPath, cancellationToken));
        if (!manifest.RootElement.TryGetProperty("composition", out var element))
        {
            throw NoComposition(version, "it was built before versions recorded who they represent");
        }

        if (element.TryGetProperty("unavailable", out var reason))
        {
            throw NoComposition(version, reason.GetString() ?? "no reason was recorded");
        }

        return element.Deserialize<Composition>(CompositionJson.Options)
            ?? throw NoComposition(version, "its manifest's composition is empty");
    }

    /// <summary>Evaluates a detector's predictions (a COCO results file) on the version, overall and per published group.</summary>
    /// <exception cref="ProblemException">400 for bad predictions (each named), 409 for a version without a composition.</exception>
    public async Task<FairnessReport> EvaluateAsync(DatasetVersion version, ReadOnlyMemory<byte> predictions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var composition = await CompositionAsync(version, cancellationToken);
        var (images, cids, categories) = Truth(await versions.ReadFileAsync(version, VersionContent.AnnotationsPath, cancellationToken));
        IReadOnlyList<Prediction> read;
        try
        {
            read = CocoResults.Read(predictions, images.Select(i => i.Id).ToHashSet(), categories);
        }
        catch (CocoResultsException e)
        {
            throw new ProblemException(ApiProblem.BadRequest(e.Count > e.Problems.Count ? [.. e.Problems, $"and {e.Count - e.Problems.Count} more bad predictions"] : e.Problems));
        }

        var options = policy.Options;
        return await Task.Run(
            () =>
            {
                var matches = DetectionMatches.Match(images, categories, read);
                var declared = matches.ImageIds.Select(id => contributions.Find(ContributionService.Key(Cid.Parse(cids[id])))?.Attributes).ToList();
                var groupings = composition.Attributes.Select(a =>
                {
                    var groups = a.Groups.Where(g => g.Target is not null && g.Images > 0).Select(g => g.Value).ToList();
                    var of = declared.Select(d => d?.GetValueOrDefault(a.Name) is { } v ? groups.IndexOf(v) : -1).ToArray();
                    return new ImageGrouping(a.Name, groups, of);
                }).ToList();
                var evaluation = FairnessEvaluation.Evaluate(matches, groupings, options.Precision, options.BootstrapResamples, options.BootstrapSeed);
                return new FairnessReport(version.VersionId, version.Domain, composition, evaluation);
            },
            cancellationToken);
    }

    /// <summary>The version's images (COCO ids), each image's CID, and the categories, from its COCO annotations.</summary>
    private static (List<EvaluationImage> Images, Dictionary<long, string> Cids, HashSet<int> Categories) Truth(byte[] annotations)
    {
        using var coco = JsonDocument.Parse(annotations);
        var root = coco.RootElement;
        var cids = new Dictionary<long, string>();
        foreach (var image in root.GetProperty("images").EnumerateArray())
        {
            var file = image.GetProperty("file_name").GetString()!;
            var name = file["images/".Length..];
            cids[image.GetProperty("id").GetInt64()] = name[..name.LastIndexOf('.')];
        }

        var truth = cids.Keys.ToDictionary(id => id, _ => new List<TruthObject>());
        foreach (var annotation in root.GetProperty("annotations").EnumerateArray())
        {
            var box = annotation.GetProperty("bbox");
            truth[annotation.GetProperty("image_id").GetInt64()].Add(new TruthObject(
                annotation.GetProperty("category_id").GetInt32(),
                new CocoBox(box[0].GetDouble(), box[1].GetDouble(), box[2].GetDouble(), box[3].GetDouble())));
        }

        var categories = root.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).ToHashSet();
        return (truth.Select(t => new EvaluationImage(t.Key, t.Value)).ToList(), cids, categories);
    }

    private static ProblemException NoComposition(DatasetVersion version, string reason) =>
        new(new ApiProblem(StatusCodes.Status409Conflict, "No composition", [$"version {version.VersionId} of {version.Domain} has no composition: {reason}"]));
}
