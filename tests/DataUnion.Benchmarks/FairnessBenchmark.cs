using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataUnion.Core.Fairness;
using DataUnion.Testing;

namespace DataUnion.Benchmarks;

/// <summary>
/// The fairness evaluation benchmark: 100,000 images with about 3 objects and 10 predictions each,
/// 4 attributes of 5 groups, 1,000 bootstrap resamples, on one thread; and in the same run COCO's
/// reference (pycocotools) on the same data for the overall AP, where it is installed.
/// </summary>
internal static class FairnessBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var imageCount = Option(args, "--images", 100_000);
        var resamples = Option(args, "--resamples", 1000);
        const int Attributes = 4, Groups = 5, PerImage = 10;
        var random = new Random(2026);
        var images = new List<EvaluationImage>(imageCount);
        var predictions = new List<Prediction>(imageCount * PerImage);
        for (var i = 0; i < imageCount; i++)
        {
            var truth = Enumerable.Range(0, random.Next(1, 6)).Select(_ => new TruthObject(1, new CocoBox(random.Next(0, 560), random.Next(0, 400), 20 + random.Next(0, 80), 20 + random.Next(0, 80)))).ToList();
            images.Add(new EvaluationImage(i + 1, truth));
            for (var p = 0; p < PerImage; p++)
            {
                CocoBox box;
                if (p < truth.Count && random.NextDouble() < 0.85)
                {
                    var t = truth[p].Box;
                    box = new CocoBox(t.X + ((random.NextDouble() - 0.5) * t.Width * 0.3), t.Y + ((random.NextDouble() - 0.5) * t.Height * 0.3), t.Width * (0.85 + (random.NextDouble() * 0.3)), t.Height * (0.85 + (random.NextDouble() * 0.3)));
                }
                else
                {
                    box = new CocoBox(random.Next(0, 560), random.Next(0, 400), 20 + random.Next(0, 80), 20 + random.Next(0, 80));
                }

                predictions.Add(new Prediction(i + 1, 1, box, Math.Round(random.NextDouble(), 4)));
            }
        }

        var groupOf = Enumerable.Range(0, Attributes).Select(_ => Enumerable.Range(0, imageCount).Select(_ => random.Next(Groups)).ToArray()).ToArray();

        // Warm-up on a small slice, so the timed run measures compiled code.
        var warm = DetectionMatches.Match(images.Take(2000).ToList(), [1], predictions.Take(2000 * PerImage).ToList());
        warm.Bootstrap([new ImageGrouping("a", ["0", "1"], Enumerable.Range(0, 2000).Select(i => i % 2).ToArray())], 400);

        var clock = Stopwatch.StartNew();
        var matches = DetectionMatches.Match(images, [1], predictions);
        var matched = clock.Elapsed;
        var overall = matches.Score(Enumerable.Repeat(1, imageCount).ToArray());
        var overallTime = clock.Elapsed;
        var groupings = Enumerable.Range(0, Attributes)
            .Select(a => new ImageGrouping($"attribute-{a}", [.. Enumerable.Range(0, Groups).Select(g => $"group-{g}")], groupOf[a]))
            .ToList();
        var scoredAt = clock.Elapsed;
        var evaluation = FairnessEvaluation.Evaluate(matches, groupings, 0.9, resamples, seed: 1);
        var total = clock.Elapsed;

        // How far a resample's blocked curve is from the exact one: the original sample, read both ways.
        var (blocked50, blocked5095) = matches.ScoreGroups(groupings, Enumerable.Repeat(1, imageCount).ToArray(), DetectionMatches.DefaultBlocks);
        var exact = evaluation.Attributes.SelectMany(a => a.Groups.Select(g => g.Score)).ToList();
        var gap50 = exact.Select((s, i) => Math.Abs(s.Ap50!.Value - blocked50[i])).Max();
        var gap5095 = exact.Select((s, i) => Math.Abs(s.Ap5095!.Value - blocked5095[i])).Max();

        Console.WriteLine("## Fairness: detector evaluation per group (one thread)");
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{imageCount:N0} images, {images.Sum(i => i.Truth.Count):N0} objects, {predictions.Count:N0} predictions; {Attributes} attributes × {Groups} groups; {resamples:N0} bootstrap resamples."));
        Console.WriteLine();
        Console.WriteLine("| step | seconds |");
        Console.WriteLine("|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| matching (COCO's per-image step, 10 IoU thresholds) | {matched.TotalSeconds:0.00} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| overall AP50 and AP50:95 | {(overallTime - matched).TotalSeconds:0.00} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {Attributes * Groups} groups scored and {resamples:N0} resamples | {(total - scoredAt).TotalSeconds:0.00} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **whole evaluation** | **{total.TotalSeconds:0.00}** |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Overall AP50 {overall.Ap50:0.0000}, AP50:95 {overall.Ap5095:0.0000}. Blocked curves ({DetectionMatches.DefaultBlocks} blocks) against exact ones on the full sample: largest gap over the {exact.Count} groups {gap50:0.00000} in AP50, {gap5095:0.00000} in AP50:95."));
        Console.WriteLine();

        if (Pycocotools.Unavailable is { } reason)
        {
            Console.WriteLine($"pycocotools: not measured ({reason}).");
            return 0;
        }

        var annotation = 0;
        var input = JsonSerializer.Serialize(new
        {
            images = images.Select(i => new { id = i.Id, width = 640, height = 480, file_name = $"{i.Id}.jpg" }),
            annotations = images.SelectMany(i => i.Truth.Select(t => new { id = ++annotation, image_id = i.Id, category_id = 1, bbox = new[] { t.Box.X, t.Box.Y, t.Box.Width, t.Box.Height }, area = t.Box.Area, iscrowd = 0 })).ToList(),
            categories = new[] { new { id = 1, name = "face" } },
            results = predictions.Select(p => new { image_id = p.ImageId, category_id = 1, bbox = new[] { p.Box.X, p.Box.Y, p.Box.Width, p.Box.Height }, score = p.Score }),
        });
        var reference = JsonDocument.Parse(await Pycocotools.EvaluateAsync(input, TimeSpan.FromHours(1))).RootElement;
        var seconds = reference.GetProperty("seconds").GetDouble();
        var referenceAp50 = reference.GetProperty("overall").GetProperty("ap50").GetDouble();
        var ours = overallTime.TotalSeconds;
        Console.WriteLine("| overall AP50 of the same data | seconds | AP50 |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| pycocotools COCOeval (evaluate, accumulate, summarize) | {seconds:0.00} | {referenceAp50:0.000000} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| DataUnionNode (match, score) | {ours:0.00} | {overall.Ap50:0.000000} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **ratio** | **{seconds / ours:0.0}×** | difference {Math.Abs(referenceAp50 - overall.Ap50!.Value):0.0e0} |"));
        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
