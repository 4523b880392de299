using System.Diagnostics;
using System.Globalization;
using DataUnion.Core.Labeling;

namespace DataUnion.Benchmarks;

/// <summary>
/// The labeling aggregation benchmark: 100,000 images × 10 labelers × about 3 boxes
/// (1,000,000 submissions) through <see cref="ConsensusBuilder"/> on one thread.
/// </summary>
internal static class LabelingReport
{
    public static int Run(string[] args)
    {
        var index = Array.IndexOf(args, "--images");
        var images = index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : 100_000;
        const int LabelersPerImage = 10;
        var random = new Random(2026);
        var crowd = new List<Submission[]>(images);
        var boxes = 0L;
        for (var i = 0; i < images; i++)
        {
            var truth = Enumerable.Range(0, random.Next(2, 5)).Select(_ => new Box(random.Next(0, 500), random.Next(0, 350), 40 + random.Next(0, 80), 40 + random.Next(0, 80))).ToList();
            var submissions = new Submission[LabelersPerImage];
            for (var l = 0; l < LabelersPerImage; l++)
            {
                var answer = truth.Where(_ => random.NextDouble() > 0.05)
                    .Select(b => new LabeledBox("face", b with { X = b.X + random.Next(-4, 5), Y = b.Y + random.Next(-4, 5) }))
                    .ToList();
                boxes += answer.Count;
                submissions[l] = new Submission($"labeler-{random.Next(0, 5000)}-{l}", answer);
            }

            crowd.Add(submissions);
        }

        var options = new ConsensusOptions();
        var weights = new Func<string, double>(_ => 1);
        // Warm-up: compile the hot path before timing it.
        foreach (var image in crowd.Take(1000))
        {
            ConsensusBuilder.Build(image, weights, options);
        }

        var watch = Stopwatch.StartNew();
        long objects = 0;
        foreach (var image in crowd)
        {
            objects += ConsensusBuilder.Build(image, weights, options).Consensus.Objects.Count;
        }

        watch.Stop();
        var submissionsCount = (long)images * LabelersPerImage;
        Console.WriteLine("## Labeling: consensus aggregation (one thread)");
        Console.WriteLine();
        Console.WriteLine("| aggregation | images | submissions | boxes | consensus objects | EM rounds | seconds | submissions/s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Console.WriteLine($"| one image at a time, with a given crowd model (the node's engine) | {images:N0} | {submissionsCount:N0} | {boxes:N0} | {objects:N0} | — | {watch.Elapsed.TotalSeconds:0.00} | {submissionsCount / watch.Elapsed.TotalSeconds:N0} |");

        // The whole crowd at once, learning the crowd model by EM (dataunion consensus).
        var crowdImages = crowd.Select((s, i) => new CrowdImage($"image-{i}", 640, 480, s)).ToList();
        watch.Restart();
        var (model, results) = CrowdModel.Fit(crowdImages, new Dictionary<string, IReadOnlyList<LabeledBox>>(), weights, options, new FitOptions());
        watch.Stop();
        var fitted = results.Sum(r => (long)r.Consensus.Objects.Count);
        Console.WriteLine($"| whole crowd, crowd model learned by EM (dataunion consensus) | {images:N0} | {submissionsCount:N0} | {boxes:N0} | {fitted:N0} | {model.Iterations} | {watch.Elapsed.TotalSeconds:0.00} | {submissionsCount / watch.Elapsed.TotalSeconds:N0} |");
        return 0;
    }
}
