namespace DataUnion.Core.Fairness;

public sealed partial class DetectionMatches
{
    /// <summary>A floating-point epsilon at 1 (numpy's <c>spacing(1)</c>), which the reference adds to precision's denominator.</summary>
    private const double Spacing = 2.220446049250313e-16;

    /// <summary>
    /// Scores the images with a weight above zero, each counted as often as its weight says (a
    /// bootstrap resample repeats images): COCO's accumulation, with its 101-point interpolated
    /// precision.
    /// </summary>
    /// <param name="weights">Per image, in <see cref="ImageIds"/> order: 0 leaves it out.</param>
    /// <param name="precision">The precision the recall is read at, in (0, 1].</param>
    public DetectionScore Score(ReadOnlySpan<int> weights, double precision = 0.9)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(weights.Length, ImageIds.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(precision);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, 1);

        var images = 0;
        foreach (var w in weights)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(w);
            images += w;
        }

        var thresholds = IoUThresholds.Count;
        var sums = new double[thresholds];
        var present = 0;
        var recallSum = 0.0;
        int truthObjects = 0, kept = 0;
        var matched = new List<(double IoU, int Weight)>();
        var largest = _categories.Length == 0 ? 0 : _categories.Max(c => c.Count);
        var rc = new double[largest];
        var pr = new double[largest];
        var drawnWeight = new int[largest];
        var drawnMask = new ushort[largest];
        foreach (var category in _categories)
        {
            var truth = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                truth += weights[i] * category.TruthPerImage[i];
            }

            truthObjects += truth;
            // The detections of the weighted images, in order, so each threshold's pass skips the others.
            var drawn = 0;
            for (var j = 0; j < category.Count; j++)
            {
                var w = weights[category.Image[j]];
                if (w == 0)
                {
                    continue;
                }

                kept += w;
                drawnWeight[drawn] = w;
                drawnMask[drawn++] = category.Mask[j];
                if ((category.Mask[j] & 1) != 0)
                {
                    matched.Add((category.MatchedIoU[j], w));
                }
            }

            if (truth == 0)
            {
                continue;
            }

            present++;
            for (var t = 0; t < thresholds; t++)
            {
                var points = Curve(drawnWeight.AsSpan(0, drawn), drawnMask.AsSpan(0, drawn), t, truth, rc, pr);
                sums[t] += Interpolated(rc.AsSpan(0, points), pr.AsSpan(0, points));
                if (t == 0)
                {
                    recallSum += RecallAt(rc.AsSpan(0, points), pr.AsSpan(0, points), precision);
                }
            }
        }

        double? ap50 = null, ap5095 = null, recall = null;
        if (present > 0)
        {
            var points = (double)RecallThresholds.Count * present;
            ap50 = sums[0] / points;
            ap5095 = sums.Sum() / (points * thresholds);
            recall = recallSum / present;
        }

        return new DetectionScore(images, truthObjects, kept, matched.Sum(m => m.Weight), ap50, ap5095, precision, recall, Distribution(matched));
    }

    /// <summary>The precision–recall points of one category at one threshold (a weighted detection is one step).</summary>
    private static int Curve(ReadOnlySpan<int> weights, ReadOnlySpan<ushort> masks, int threshold, int truth, double[] rc, double[] pr)
    {
        double tp = 0, fp = 0;
        for (var j = 0; j < weights.Length; j++)
        {
            if (((masks[j] >> threshold) & 1) != 0)
            {
                tp += weights[j];
            }
            else
            {
                fp += weights[j];
            }

            rc[j] = tp / truth;
            pr[j] = tp / (fp + tp + Spacing);
        }

        return weights.Length;
    }

    /// <summary>The sum over the 101 recall points of the interpolated precision (the envelope from the right); makes <paramref name="pr"/> that envelope.</summary>
    internal static double Interpolated(ReadOnlySpan<double> rc, Span<double> pr)
    {
        for (var i = pr.Length - 1; i > 0; i--)
        {
            if (pr[i] > pr[i - 1])
            {
                pr[i - 1] = pr[i];
            }
        }

        var sum = 0.0;
        var r = 0;
        var recalls = RecallThresholds;
        for (var p = 0; p < rc.Length && r < recalls.Count; p++)
        {
            // The first point at or past each recall (numpy's searchsorted, side left).
            while (r < recalls.Count && recalls[r] <= rc[p])
            {
                sum += pr[p];
                r++;
            }
        }

        return sum;
    }

    /// <summary>The highest recall whose interpolated precision is at least the given one (0 if none).</summary>
    private static double RecallAt(ReadOnlySpan<double> rc, ReadOnlySpan<double> envelope, double precision)
    {
        for (var p = rc.Length - 1; p >= 0; p--)
        {
            if (envelope[p] >= precision)
            {
                return rc[p];
            }
        }

        return 0;
    }

    private static IoUDistribution Distribution(List<(double IoU, int Weight)> matched)
    {
        var histogram = new int[10];
        var count = 0;
        var sum = 0.0;
        foreach (var (iou, w) in matched)
        {
            histogram[Math.Clamp((int)Math.Floor(iou * 20) - 10, 0, 9)] += w;
            count += w;
            sum += iou * w;
        }

        if (count == 0)
        {
            return new IoUDistribution(0, 0, [], histogram);
        }

        matched.Sort((a, b) => a.IoU.CompareTo(b.IoU));
        var quantiles = new List<double>();
        foreach (var q in IoUDistribution.Percentiles)
        {
            var target = Math.Max(1, (long)Math.Ceiling(q * count));
            long seen = 0;
            foreach (var (iou, w) in matched)
            {
                seen += w;
                if (seen >= target)
                {
                    quantiles.Add(iou);
                    break;
                }
            }
        }

        return new IoUDistribution(count, sum / count, quantiles, histogram);
    }
}
