namespace DataUnion.Core.Labeling;

/// <summary>How one answer compares with a gold item's expert boxes.</summary>
/// <param name="Matched">Expert boxes matched by a box of the same class at or above its IoU threshold.</param>
/// <param name="Extra">Answer boxes that match no expert box.</param>
/// <param name="Missed">Expert boxes with no match.</param>
/// <param name="MeanIoU">Mean IoU of the matches; 1 for an empty gold item answered empty, 0 when nothing matched.</param>
public sealed record GoldGrade(int Matched, int Extra, int Missed, double MeanIoU)
{
    /// <summary>Object precision (1 when the answer has no boxes).</summary>
    public double Precision => Matched + Extra == 0 ? 1 : (double)Matched / (Matched + Extra);

    /// <summary>Object recall (1 when the gold item has no objects).</summary>
    public double Recall => Matched + Missed == 0 ? 1 : (double)Matched / (Matched + Missed);

    /// <summary>True when mean IoU, precision and recall all reach the given marks.</summary>
    public bool Passes(double minMeanIoU, double minPrecision, double minRecall) =>
        MeanIoU >= minMeanIoU && Precision >= minPrecision && Recall >= minRecall;

    /// <summary>Grades <paramref name="answer"/> against <paramref name="expert"/>: greedy one-to-one matching by IoU within each class.</summary>
    public static GoldGrade Of(IReadOnlyList<LabeledBox> answer, IReadOnlyList<LabeledBox> expert, ConsensusOptions options)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(expert);
        ArgumentNullException.ThrowIfNull(options);
        var pairs = new List<(double IoU, int Answer, int Expert)>();
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
                    pairs.Add((iou, a, e));
                }
            }
        }

        pairs.Sort((x, y) => x.IoU != y.IoU ? y.IoU.CompareTo(x.IoU) : x.Answer != y.Answer ? x.Answer.CompareTo(y.Answer) : x.Expert.CompareTo(y.Expert));
        var answerUsed = new bool[answer.Count];
        var expertUsed = new bool[expert.Count];
        double sum = 0;
        var matched = 0;
        foreach (var (iou, a, e) in pairs)
        {
            if (answerUsed[a] || expertUsed[e])
            {
                continue;
            }

            answerUsed[a] = expertUsed[e] = true;
            sum += iou;
            matched++;
        }

        var meanIoU = matched > 0 ? sum / matched : expert.Count == 0 && answer.Count == 0 ? 1 : 0;
        return new GoldGrade(matched, answer.Count - matched, expert.Count - matched, meanIoU);
    }
}
