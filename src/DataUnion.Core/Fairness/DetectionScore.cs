namespace DataUnion.Core.Fairness;

/// <summary>How a detector does on a set of images.</summary>
/// <param name="Images">Images scored.</param>
/// <param name="TruthObjects">True objects in them.</param>
/// <param name="Predictions">Detections kept (at most 100 an image per category).</param>
/// <param name="Matched">Detections matched to a true object at IoU 0.5.</param>
/// <param name="Ap50">COCO's AP at IoU 0.5 (101-point interpolation, mean over categories with true objects); null without true objects.</param>
/// <param name="Ap5095">COCO's AP averaged over IoU 0.50:0.05:0.95; null without true objects.</param>
/// <param name="Precision">The precision <paramref name="RecallAtPrecision"/> holds.</param>
/// <param name="RecallAtPrecision">The highest recall at IoU 0.5 at which precision is still at least <paramref name="Precision"/> (mean over categories); null without true objects.</param>
/// <param name="MatchedIoU">How tightly the matched detections (IoU 0.5) fit.</param>
public sealed record DetectionScore(
    int Images,
    int TruthObjects,
    int Predictions,
    int Matched,
    double? Ap50,
    double? Ap5095,
    double Precision,
    double? RecallAtPrecision,
    IoUDistribution MatchedIoU);

/// <summary>The IoU of matched detections with their true objects.</summary>
/// <param name="Count">Matched detections.</param>
/// <param name="Mean">Their mean IoU (0 when none).</param>
/// <param name="Quantiles">The 10th, 25th, 50th, 75th and 90th percentiles (lower), empty when none.</param>
/// <param name="Histogram">Counts in ten bins of 0.05 from 0.5 to 1.0 (the last includes 1.0).</param>
public sealed record IoUDistribution(int Count, double Mean, IReadOnlyList<double> Quantiles, IReadOnlyList<int> Histogram)
{
    /// <summary>The percentiles <see cref="Quantiles"/> gives.</summary>
    public static IReadOnlyList<double> Percentiles { get; } = [0.10, 0.25, 0.50, 0.75, 0.90];
}
