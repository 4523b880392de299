using DataUnion.Core.Fairness;

namespace DataUnion.Core.Tests.Fairness;

public sealed class DetectionMatchesTests
{
    [Fact]
    public void IoU_OfHalfOverlappingSquares_IsOneThird()
    {
        Assert.Equal(1.0 / 3, CocoBox.IoU(new CocoBox(0, 0, 10, 10), new CocoBox(5, 0, 10, 10)), 1e-15);
        Assert.Equal(0, CocoBox.IoU(new CocoBox(0, 0, 10, 10), new CocoBox(10, 0, 10, 10)));
        Assert.Equal(1, CocoBox.IoU(new CocoBox(3, 4, 5, 6), new CocoBox(3, 4, 5, 6)));
    }

    [Fact]
    public void Thresholds_AreCocosTenIoUsAndHundredAndOneRecalls()
    {
        Assert.Equal(10, DetectionMatches.IoUThresholds.Count);
        Assert.Equal(0.5, DetectionMatches.IoUThresholds[0]);
        Assert.Equal(0.95, DetectionMatches.IoUThresholds[^1]);
        Assert.Equal(101, DetectionMatches.RecallThresholds.Count);
        Assert.Equal(0.5, DetectionMatches.RecallThresholds[50]);
        Assert.Equal(1.0, DetectionMatches.RecallThresholds[^1]);
    }

    [Fact]
    public void Score_OfOneImage_InterpolatesPrecisionAtTheHundredAndOneRecalls()
    {
        // Two objects; the detector finds the first exactly, then a false box, then the second at IoU 0.6.
        var image = new EvaluationImage(7, [new TruthObject(1, new CocoBox(0, 0, 10, 10)), new TruthObject(1, new CocoBox(100, 100, 10, 10))]);
        Prediction[] predictions =
        [
            new(7, 1, new CocoBox(0, 0, 10, 10), 0.9),
            new(7, 1, new CocoBox(300, 300, 10, 10), 0.8),
            new(7, 1, new CocoBox(100, 100, 10, 6), 0.7),
        ];

        var score = DetectionMatches.Match([image], [1], predictions).Score([1]);

        // Recall 0–0.50 (51 points) at precision 1; 0.51–1.00 (50 points) at the envelope, 2/3.
        Assert.Equal((51 + (50 * 2.0 / 3)) / 101, score.Ap50!.Value, 1e-12);
        // The second object is matched only up to IoU 0.6 (thresholds 0.50, 0.55, 0.60); above, recall stops at 0.5.
        var expected = ((3 * (51 + (50 * 2.0 / 3))) + (7 * 51)) / (101.0 * 10);
        Assert.Equal(expected, score.Ap5095!.Value, 1e-12);
        Assert.Equal((1, 2, 3, 2), (score.Images, score.TruthObjects, score.Predictions, score.Matched));
        Assert.Equal(0.5, score.RecallAtPrecision); // precision is 2/3 past recall 0.5, under 0.9
        Assert.Equal(0.8, score.MatchedIoU.Mean, 1e-12);
        Assert.Equal(1, score.MatchedIoU.Histogram[2]); // 0.6 in [0.60, 0.65)
        Assert.Equal(1, score.MatchedIoU.Histogram[9]); // 1.0 in the last bin
    }

    [Fact]
    public void Score_WithoutTrueObjects_HasNoAveragePrecision()
    {
        var matches = DetectionMatches.Match([new EvaluationImage(1, [])], [1], [new Prediction(1, 1, new CocoBox(0, 0, 5, 5), 0.5)]);

        var score = matches.Score([1]);

        Assert.Null(score.Ap50);
        Assert.Null(score.Ap5095);
        Assert.Null(score.RecallAtPrecision);
        Assert.Equal(1, score.Predictions);
    }

    [Fact]
    public void Score_KeepsAHundredDetectionsAnImage_ByScore()
    {
        var image = new EvaluationImage(1, [new TruthObject(1, new CocoBox(0, 0, 10, 10))]);
        var predictions = Enumerable.Range(0, 100).Select(i => new Prediction(1, 1, new CocoBox(200 + i, 200, 5, 5), 0.9))
            .Append(new Prediction(1, 1, new CocoBox(0, 0, 10, 10), 0.1))
            .ToList();

        var score = DetectionMatches.Match([image], [1], predictions).Score([1]);

        Assert.Equal(100, score.Predictions);
        Assert.Equal(0, score.Ap50);
    }

    [Fact]
    public void Score_WithAWeightOfTwo_EqualsTheImageGivenTwice()
    {
        var data = RandomDetections.Create(11, images: 20);
        var matches = DetectionMatches.Match(data.Images, data.Categories, data.Predictions);
        var weights = matches.ImageIds.Select((_, i) => i % 3).ToArray();
        var repeated = new List<EvaluationImage>();
        var predictions = new List<Prediction>();
        for (var i = 0; i < matches.ImageIds.Count; i++)
        {
            var image = data.Images.Single(x => x.Id == matches.ImageIds[i]);
            for (var copy = 0; copy < weights[i]; copy++)
            {
                var id = (image.Id * 10) + copy;
                repeated.Add(image with { Id = id });
                predictions.AddRange(data.Predictions.Where(p => p.ImageId == image.Id).Select(p => p with { ImageId = id }));
            }
        }

        var weighted = matches.Score(weights);
        var copied = DetectionMatches.Match(repeated, data.Categories, predictions).Score(Enumerable.Repeat(1, repeated.Count).ToArray());

        Assert.Equal(copied.Ap50!.Value, weighted.Ap50!.Value, 1e-12);
        Assert.Equal(copied.Ap5095!.Value, weighted.Ap5095!.Value, 1e-12);
        Assert.Equal(copied.RecallAtPrecision!.Value, weighted.RecallAtPrecision!.Value, 1e-12);
        Assert.Equal((copied.Images, copied.TruthObjects, copied.Predictions, copied.Matched), (weighted.Images, weighted.TruthObjects, weighted.Predictions, weighted.Matched));
    }

    [Fact]
    public void Match_PredictionForAnImageNotEvaluated_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => DetectionMatches.Match([new EvaluationImage(1, [])], [1], [new Prediction(2, 1, new CocoBox(0, 0, 1, 1), 0.5)]));

        Assert.Contains("image 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreGroups_WithNoMoreDetectionsThanBlocks_EqualsEachGroupScoredAlone()
    {
        var data = RandomDetections.Create(5, images: 40);
        var matches = DetectionMatches.Match(data.Images, data.Categories, data.Predictions);
        var groups = RandomDetections.Groups(matches.ImageIds, 5);
        var random = new Random(3);
        var counts = matches.ImageIds.Select(_ => random.Next(3)).ToArray();
        ImageGrouping grouping = new("g", ["a", "b", "c"], groups);

        var (ap50, ap5095) = matches.ScoreGroups([grouping], counts, blocks: 1_000_000);

        for (var g = 0; g < 3; g++)
        {
            var alone = matches.Score(counts.Select((c, i) => groups[i] == g ? c : 0).ToArray());
            Assert.Equal(alone.Ap50!.Value, ap50[g], 1e-12);
            Assert.Equal(alone.Ap5095!.Value, ap5095[g], 1e-12);
        }
    }

    [Fact]
    public void Bootstrap_ResamplesSideBySide_GivesWhatOneAtATimeGives()
    {
        var data = RandomDetections.Create(9, images: 150);
        var matches = DetectionMatches.Match(data.Images, data.Categories, data.Predictions);
        ImageGrouping[] groupings = [new("g", ["a", "b", "c"], RandomDetections.Groups(matches.ImageIds, 9)), new("h", ["x", "y"], RandomDetections.Groups(matches.ImageIds, 10, groups: 2))];

        // 21 resamples: two full batches of eight and a part batch.
        var batched = matches.BootstrapWithBatchLimit(groupings, 21, 7, 0.95, DetectionMatches.DefaultBlocks, maxBatchedCells: long.MaxValue);
        var single = matches.BootstrapWithBatchLimit(groupings, 21, 7, 0.95, DetectionMatches.DefaultBlocks, maxBatchedCells: 0);

        Assert.Equal(single.Attributes.Select(a => a.Ap50), batched.Attributes.Select(a => a.Ap50));
        Assert.Equal(single.Attributes.Select(a => a.Ap5095), batched.Attributes.Select(a => a.Ap5095));
        Assert.Equal(single.Attributes.Select(a => (a.Ap50Ratio, a.Ap50Difference, a.Ap5095Ratio, a.Ap5095Difference)), batched.Attributes.Select(a => (a.Ap50Ratio, a.Ap50Difference, a.Ap5095Ratio, a.Ap5095Difference)));
    }

    [Fact]
    public void Bootstrap_WithTheSameSeed_GivesTheSameIntervals_AroundTheEstimate()
    {
        var data = RandomDetections.Create(8, images: 200);
        var matches = DetectionMatches.Match(data.Images, data.Categories, data.Predictions);
        ImageGrouping grouping = new("g", ["a", "b"], RandomDetections.Groups(matches.ImageIds, 8, groups: 2));

        var first = matches.Bootstrap([grouping], resamples: 200, seed: 42);
        var second = matches.Bootstrap([grouping], resamples: 200, seed: 42);

        Assert.Equal(first.Attributes[0].Ap50, second.Attributes[0].Ap50);
        Assert.Equal(first.Attributes[0].Ap50Ratio, second.Attributes[0].Ap50Ratio);
        for (var g = 0; g < 2; g++)
        {
            var estimate = matches.Score(grouping.GroupOfImage.Select(x => x == g ? 1 : 0).ToArray()).Ap50!.Value;
            var interval = first.Attributes[0].Ap50[g]!.Value;
            Assert.InRange(estimate, interval.Low, interval.High);
            Assert.True(interval.High - interval.Low > 0.01, "resampling 100 images must leave some uncertainty");
        }

        var ratio = first.Attributes[0].Ap50Ratio!.Value;
        Assert.InRange(ratio.Low, 0, ratio.High);
        Assert.InRange(ratio.High, ratio.Low, 1);
    }
}
