namespace DataUnion.Core.Labeling;

/// <summary>
/// How a set of boxes compares with a reference (a gold item's expert boxes, or the consensus):
/// counts of matched, extra and missed objects and the mean IoU of the matches.
/// </summary>
/// <param name="Matched">Reference objects matched one-to-one by a box of the same class at or above its IoU threshold.</param>
/// <param name="Extra">Boxes that match no reference object (false positives).</param>
/// <param name="Missed">Reference objects with no match (false negatives).</param>
/// <param name="MeanIoU">Mean IoU of the matches; 1 when both are empty, 0 when nothing matched.</param>
public sealed record ObjectMatch(int Matched, int Extra, int Missed, double MeanIoU)
{
    /// <summary>Object precision (1 when the answer has no boxes).</summary>
    public double Precision => Matched + Extra == 0 ? 1 : (double)Matched / (Matched + Extra);

    /// <summary>Object recall (1 when the gold item has no objects).</summary>
    public double Recall => Matched + Missed == 0 ? 1 : (double)Matched / (Matched + Missed);

    /// <summary>F1 of <see cref="Precision"/> and <see cref="Recall"/>.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Agreement score in [0, 1]: F1 × mean IoU.</summary>
    public double Score => F1 * MeanIoU;

    /// <summary>True when mean IoU, precision and recall all reach the given marks.</summary>
    public bool Passes(double minMeanIoU, double minPrecision, double minRecall) =>
        MeanIoU >= minMeanIoU && Precision >= minPrecision && Recall >= minRecall;

    /// <summary>
    /// The match with <paramref name="matched"/> matches whose IoUs sum to <paramref name="iouSum"/>:
    /// the mean IoU is their average, 1 when there was nothing to match on either side, 0 when
    /// nothing matched.
    /// </summary>
    public static ObjectMatch From(double iouSum, int matched, int extra, int missed) =>
        new(matched, extra, missed, matched > 0 ? iouSum / matched : extra + missed == 0 ? 1 : 0);

    /// <summary>Several matches as one: counts added, IoU averaged over all matches.</summary>
    public static ObjectMatch Sum(IEnumerable<ObjectMatch> matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        int matched = 0, extra = 0, missed = 0;
        double iou = 0;
        foreach (var m in matches)
        {
            matched += m.Matched;
            extra += m.Extra;
            missed += m.Missed;
            iou += m.MeanIoU * m.Matched;
        }

        return From(iou, matched, extra, missed);
    }

    /// <summary>
    /// Grades <paramref name="answer"/> against <paramref name="expert"/>: one-to-one
    /// <see cref="IoUMatching"/> within each class, at the expert class's IoU threshold.
    /// </summary>
    public static ObjectMatch Of(IReadOnlyList<LabeledBox> answer, IReadOnlyList<LabeledBox> expert, ConsensusOptions options)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(expert);
        ArgumentNullException.ThrowIfNull(options);
        var pairs = new List<IoUPair>();
        for (var a = 0; a < answer.Count; a++)
        {
            for (var e = 0; e < expert.Count; e++)
            {
                if (answer[a].Label != expert[e].Label)
                {
                    continue;
                }

                var iou = answer[a].Box.IoU(expert[e].Box);
                if (iou >= options.ThresholdFor(expert[e].Label))
                {
                    pairs.Add(new IoUPair(iou, a, e));
                }
            }
        }

        var matches = new List<IoUPair>();
        var matched = IoUMatching.OneToOne(pairs, answer.Count, expert.Count, matches);
        return From(matches.Sum(m => m.IoU), matched, answer.Count - matched, expert.Count - matched);
    }
}
