using System.Diagnostics;
using System.Globalization;
using DataUnion.Cli.Commands;
using DataUnion.Core.Labeling;

namespace DataUnion.Benchmarks;

/// <summary>
/// The consensus on real crowd answers: the images of a crowd file scored against their expert
/// boxes (objects matched one-to-one at the class's IoU threshold; precision, recall, F1 and mean
/// matched IoU), for the crowd model, the crowd model's first round (a weighted majority), and the
/// naive majority baseline, without gold and with half of the images as gold over several seeds.
/// </summary>
internal static class CrowdReport
{
    public static int Run(string[] args)
    {
        var root = FindRoot();
        var data = Option(args, "--data") ?? Path.Combine(root, "..", "shared", "crowd", "pedestrians-train");
        var seeds = int.Parse(Option(args, "--seeds") ?? "5", CultureInfo.InvariantCulture);
        var crowd = ConsensusFiles.ReadSubmissions(Path.Combine(data, "submissions.json"));
        var expert = ConsensusFiles.ReadGold(Path.Combine(data, "expert.json"), crowd);
        var options = crowd.Options;
        var all = crowd.Images.Where(i => expert.ContainsKey(i.Id)).ToList();
        var boxes = all.Sum(i => i.Submissions.Sum(s => s.Boxes.Count));
        Console.WriteLine($"## Labeling: consensus on real crowd answers ({Path.GetFileName(Path.GetFullPath(data))})");
        Console.WriteLine();
        Console.WriteLine($"{all.Count} images, {all.Sum(i => i.Submissions.Count)} answers from {all.SelectMany(i => i.Submissions).Select(s => s.Labeler).Distinct().Count()} labelers, {boxes} boxes; {all.Sum(i => expert[i.Id].Count)} expert boxes.");
        Console.WriteLine($"Ceiling: an expert box found by at least one labeler, recall {Ceiling(all, expert, options):0.000}.");
        Console.WriteLine();

        var watch = Stopwatch.StartNew();
        var (model, results) = CrowdModel.Fit(all, new Dictionary<string, IReadOnlyList<LabeledBox>>(), _ => 1, options, new FitOptions());
        watch.Stop();
        var modelScore = Score(all, results.Select(r => r.Consensus.Objects).ToList(), expert, options);
        var first = all.Select(i => ConsensusBuilder.Build(i.Submissions, _ => 1, options).Consensus.Objects).ToList();
        var naive = all.Select(i => NaiveMajority(i.Submissions, options)).ToList();
        Console.WriteLine("### Without gold");
        Console.WriteLine();
        Console.WriteLine("| method | mean IoU | precision | recall | F1 |");
        Console.WriteLine("|---|---|---|---|---|");
        Row($"crowd model (EM, {model.Iterations} rounds, {watch.Elapsed.TotalMilliseconds:0} ms)", modelScore);
        Row("weighted majority (the model's first round: every labeler the same)", Score(all, first, expert, options));
        Row("naive majority: greedy clusters at IoU 0.5, quorum half the labelers, mean box", Score(all, naive, expert, options));
        Console.WriteLine();
        Console.WriteLine($"Learned: object prior {model.ObjectPrior:0.000}; crowd miss rate {model.Crowd.MissRate:0.000}, false-box rate {model.Crowd.FalseBoxRate:0.000}, edge noise {model.Crowd.Noise.Mean:0.000} of the object's size.");
        var spread = model.Skills.Values.ToList();
        Console.WriteLine($"Per labeler: miss rate {spread.Min(s => s.MissRate):0.00}–{spread.Max(s => s.MissRate):0.00}, false-box rate {spread.Min(s => s.FalseBoxRate):0.00}–{spread.Max(s => s.FalseBoxRate):0.00}, edge noise {spread.Min(s => s.Noise.Mean):0.000}–{spread.Max(s => s.Noise.Mean):0.000}.");
        Console.WriteLine();

        Console.WriteLine($"### Half of the images as gold ({seeds} seeds), scored on the other half");
        Console.WriteLine();
        Console.WriteLine("| seed | crowd model: mean IoU | precision | recall | F1 | the model without gold, same half: mean IoU | F1 | naive majority: mean IoU | F1 |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var withGold = new List<Scored>();
        var withoutGold = new List<Scored>();
        var naiveHalf = new List<Scored>();
        var noGoldObjects = all.Select((image, i) => (image.Id, Objects: results[i].Consensus.Objects)).ToDictionary(x => x.Id, x => x.Objects);
        for (var seed = 1; seed <= seeds; seed++)
        {
            var random = new Random(seed);
            var shuffled = all.OrderBy(_ => random.Next()).ToList();
            var goldIds = shuffled.Take(all.Count / 2).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            var gold = expert.Where(e => goldIds.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            var (_, goldResults) = CrowdModel.Fit(all, gold, _ => 1, options, new FitOptions());
            var scored = all.Where(i => !goldIds.Contains(i.Id)).ToList();
            var m = Score(scored, goldResults.Select(r => r.Consensus.Objects).ToList(), expert, options);
            var n = Score(scored, scored.Select(i => NaiveMajority(i.Submissions, options)).ToList(), expert, options);
            var w = Score(scored, scored.Select(i => noGoldObjects[i.Id]).ToList(), expert, options);
            withGold.Add(m);
            withoutGold.Add(w);
            naiveHalf.Add(n);
            Console.WriteLine(FormattableString.Invariant($"| {seed} | {m.MeanIoU:0.000} | {m.Precision:0.000} | {m.Recall:0.000} | {m.F1:0.000} | {w.MeanIoU:0.000} | {w.F1:0.000} | {n.MeanIoU:0.000} | {n.F1:0.000} |"));
        }

        Console.WriteLine(FormattableString.Invariant(
            $"| mean (min–max) | {withGold.Average(s => s.MeanIoU):0.000} ({withGold.Min(s => s.MeanIoU):0.000}–{withGold.Max(s => s.MeanIoU):0.000}) | {withGold.Average(s => s.Precision):0.000} | {withGold.Average(s => s.Recall):0.000} | {withGold.Average(s => s.F1):0.000} ({withGold.Min(s => s.F1):0.000}–{withGold.Max(s => s.F1):0.000}) | {withoutGold.Average(s => s.MeanIoU):0.000} | {withoutGold.Average(s => s.F1):0.000} | {naiveHalf.Average(s => s.MeanIoU):0.000} | {naiveHalf.Average(s => s.F1):0.000} |"));
        return 0;
    }

    /// <summary>Consensus objects against the expert boxes, summed over images.</summary>
    private sealed record Scored(double MeanIoU, double Precision, double Recall)
    {
        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    }

    private static Scored Score(List<CrowdImage> images, IReadOnlyList<IReadOnlyList<ConsensusObject>> objects, IReadOnlyDictionary<string, IReadOnlyList<LabeledBox>> expert, ConsensusOptions options)
    {
        var total = ObjectMatch.Sum(images.Select((image, i) => ObjectMatch.Of(objects[i].Select(o => new LabeledBox(o.Label, o.Box)).ToList(), expert[image.Id], options)));
        return new Scored(total.MeanIoU, total.Precision, total.Recall);
    }

    private static void Row(string name, Scored s) =>
        Console.WriteLine(FormattableString.Invariant($"| {name} | {s.MeanIoU:0.000} | {s.Precision:0.000} | {s.Recall:0.000} | {s.F1:0.000} |"));

    /// <summary>
    /// The baseline of the crowd data's README: labelers in file order, each one's boxes matched
    /// one-to-one to the clusters' mean boxes at the threshold, an unmatched box starting a
    /// cluster; a cluster boxed by at least half of the labelers is an object, its box the mean.
    /// </summary>
    private static List<ConsensusObject> NaiveMajority(IReadOnlyList<Submission> submissions, ConsensusOptions options)
    {
        var objects = new List<ConsensusObject>();
        foreach (var label in submissions.SelectMany(s => s.Boxes).Select(b => b.Label).Distinct().Order(StringComparer.Ordinal))
        {
            var clusters = new List<List<(string Labeler, Box Box)>>();
            foreach (var submission in submissions)
            {
                var mine = submission.Boxes.Where(b => b.Label == label).Select(b => b.Box).ToList();
                var matches = IoUMatching.OneToOne(mine, clusters.Select(Mean).ToList(), options.ThresholdFor(label));
                foreach (var match in matches)
                {
                    clusters[match.Right].Add((submission.Labeler, mine[match.Left]));
                }

                clusters.AddRange(mine.Where((_, b) => !matches.Exists(m => m.Left == b)).Select(box => new List<(string, Box)> { (submission.Labeler, box) }));
            }

            objects.AddRange(clusters.Where(c => c.Count * 2 >= submissions.Count).Select(c => new ConsensusObject(label, Mean(c), (double)c.Count / submissions.Count, [])));
        }

        return objects;
    }

    private static Box Mean(List<(string Labeler, Box Box)> cluster)
    {
        var x1 = cluster.Average(m => m.Box.X);
        var y1 = cluster.Average(m => m.Box.Y);
        return new Box(x1, y1, cluster.Average(m => m.Box.Right) - x1, cluster.Average(m => m.Box.Bottom) - y1);
    }

    private static double Ceiling(List<CrowdImage> images, IReadOnlyDictionary<string, IReadOnlyList<LabeledBox>> expert, ConsensusOptions options)
    {
        int found = 0, total = 0;
        foreach (var image in images)
        {
            foreach (var truth in expert[image.Id])
            {
                total++;
                found += image.Submissions.Any(s => s.Boxes.Any(b => b.Label == truth.Label && b.Box.IoU(truth.Box) >= options.ThresholdFor(truth.Label))) ? 1 : 0;
            }
        }

        return total == 0 ? 1 : (double)found / total;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DataUnionNode.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
