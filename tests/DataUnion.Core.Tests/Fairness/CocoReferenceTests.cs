using System.Text.Json;
using System.Text.Json.Nodes;
using DataUnion.Core.Fairness;
using DataUnion.Testing;

namespace DataUnion.Core.Tests.Fairness;

public sealed class CocoReferenceTests
{
    [PycocotoolsFact]
    public async Task Score_AgreesWithPycocotoolsOverallAndPerGroup_OnRandomTruthAndPredictions()
    {
        for (var seed = 1; seed <= 6; seed++)
        {
            var data = RandomDetections.Create(seed);
            var matches = DetectionMatches.Match(data.Images, data.Categories, data.Predictions);
            var groups = RandomDetections.Groups(matches.ImageIds, seed);
            var reference = JsonNode.Parse(await Pycocotools.EvaluateAsync(Input(data, matches.ImageIds, groups), TimeSpan.FromMinutes(2)))!;

            var all = matches.Score(Enumerable.Repeat(1, matches.ImageIds.Count).ToArray());
            Assert.Equal(reference["overall"]!["ap50"]!.GetValue<double>(), all.Ap50!.Value, 1e-6);
            Assert.Equal(reference["overall"]!["ap5095"]!.GetValue<double>(), all.Ap5095!.Value, 1e-6);
            for (var g = 0; g < 3; g++)
            {
                var score = matches.Score(groups.Select(x => x == g ? 1 : 0).ToArray());
                var expected = reference["groups"]![$"g{g}"]!;
                Assert.Equal(expected["ap50"]!.GetValue<double>(), score.Ap50!.Value, 1e-6);
                Assert.Equal(expected["ap5095"]!.GetValue<double>(), score.Ap5095!.Value, 1e-6);
            }
        }
    }

    /// <summary>The same data as COCO files: ground truth, results, and the groups' image ids.</summary>
    internal static string Input(RandomDetections data, IReadOnlyList<long> imageIds, int[] groups)
    {
        var annotation = 0;
        var input = new
        {
            images = data.Images.Select(i => new { id = i.Id, width = 640, height = 480, file_name = $"{i.Id}.jpg" }),
            annotations = data.Images.SelectMany(i => i.Truth.Select(t => new
            {
                id = ++annotation,
                image_id = i.Id,
                category_id = t.Category,
                bbox = new[] { t.Box.X, t.Box.Y, t.Box.Width, t.Box.Height },
                area = t.Box.Width * t.Box.Height,
                iscrowd = 0,
            })).ToList(),
            categories = data.Categories.Select(c => new { id = c, name = $"c{c}" }),
            results = data.Predictions.Select(p => new { image_id = p.ImageId, category_id = p.Category, bbox = new[] { p.Box.X, p.Box.Y, p.Box.Width, p.Box.Height }, score = p.Score }),
            groups = Enumerable.Range(0, groups.Max() + 1).ToDictionary(g => $"g{g}", g => imageIds.Where((_, i) => groups[i] == g).ToArray()),
        };
        return JsonSerializer.Serialize(input);
    }
}
