using DataUnion.Core.Fairness;

namespace DataUnion.Core.Tests.Fairness;

/// <summary>Random images, true objects and a detector's predictions, with the awkward cases COCO's evaluation has rules for.</summary>
internal sealed record RandomDetections(IReadOnlyList<EvaluationImage> Images, int[] Categories, IReadOnlyList<Prediction> Predictions)
{
    /// <summary>
    /// Images with 0–6 objects of three categories; the detector finds most objects with a loose
    /// box (sometimes twice), adds false boxes, gives scores rounded to two decimals (so scores tie
    /// within and across images), floods one image with more than 100 detections, and adds one detection that overlaps two objects
    /// equally.
    /// </summary>
    public static RandomDetections Create(int seed, int images = 60)
    {
        var random = new Random(seed);
        int[] categories = [1, 2, 5];
        var ids = Enumerable.Range(1, images * 10).OrderBy(_ => random.Next()).Take(images).ToArray();
        var list = new List<EvaluationImage>();
        var predictions = new List<Prediction>();
        foreach (var id in ids)
        {
            var truth = new List<TruthObject>();
            for (var n = random.Next(7); n > 0; n--)
            {
                var box = new CocoBox(Math.Round(random.NextDouble() * 500, 1), Math.Round(random.NextDouble() * 400, 1), 5 + Math.Round(random.NextDouble() * 150, 2), 5 + Math.Round(random.NextDouble() * 150, 2));
                truth.Add(new TruthObject(categories[random.Next(categories.Length)], box));
            }

            list.Add(new EvaluationImage(id, truth));
            foreach (var t in truth)
            {
                for (var copies = random.NextDouble() < 0.15 ? 2 : 1; copies > 0; copies--)
                {
                    if (random.NextDouble() < 0.8)
                    {
                        predictions.Add(new Prediction(id, t.Category, Jitter(t.Box, random), Score(random)));
                    }
                }
            }

            for (var n = random.Next(4); n > 0; n--)
            {
                var box = new CocoBox(random.NextDouble() * 500, random.NextDouble() * 400, 5 + (random.NextDouble() * 100), 5 + (random.NextDouble() * 100));
                predictions.Add(new Prediction(id, categories[random.Next(categories.Length)], box, Score(random)));
            }
        }

        var flooded = ids[0];
        for (var n = 0; n < 120; n++)
        {
            var box = new CocoBox(random.NextDouble() * 500, random.NextDouble() * 400, 5 + (random.NextDouble() * 100), 5 + (random.NextDouble() * 100));
            predictions.Add(new Prediction(flooded, categories[0], box, Score(random)));
        }

        // A detection overlapping two objects equally: which one it takes decides whether the next
        // detection, a perfect box on the second object, matches at every threshold or only the low ones.
        var tied = (images * 10) + 1;
        list.Add(new EvaluationImage(tied, [new TruthObject(categories[0], new CocoBox(0, 0, 10, 10)), new TruthObject(categories[0], new CocoBox(2, 0, 10, 10))]));
        predictions.Add(new Prediction(tied, categories[0], new CocoBox(1, 0, 10, 10), 0.995));
        predictions.Add(new Prediction(tied, categories[0], new CocoBox(2, 0, 10, 10), 0.994));

        return new RandomDetections(list, categories, predictions.OrderBy(_ => random.Next()).ToList());
    }

    /// <summary>Images split into three groups at random, as group index per image in the matches' order.</summary>
    public static int[] Groups(IReadOnlyList<long> imageIds, int seed, int groups = 3)
    {
        var random = new Random(seed + 7);
        return imageIds.Select(_ => random.Next(groups)).ToArray();
    }

    private static CocoBox Jitter(CocoBox box, Random random)
    {
        double Move(double size) => (random.NextDouble() - 0.5) * size * 0.4;
        return new CocoBox(Math.Round(box.X + Move(box.Width), 2), Math.Round(box.Y + Move(box.Height), 2), Math.Max(1, Math.Round(box.Width + Move(box.Width), 2)), Math.Max(1, Math.Round(box.Height + Move(box.Height), 2)));
    }

    private static double Score(Random random) => Math.Round(random.NextDouble(), 2);
}
