namespace DataUnion.Core.Labeling;

/// <summary>How one labeler's answer for an image agrees with the consensus.</summary>
/// <param name="Labeler">The labeler.</param>
/// <param name="Matched">Their boxes that are part of a consensus object.</param>
/// <param name="Extra">Their boxes that are not (false positives against the consensus).</param>
/// <param name="Missed">Consensus objects they did not box.</param>
/// <param name="MeanIoU">Mean IoU of their matched boxes to the fused boxes; 1 when there was nothing to match and they drew nothing.</param>
public sealed record LabelerAgreement(string Labeler, int Matched, int Extra, int Missed, double MeanIoU)
{
    /// <summary>Object precision against the consensus (1 when they drew nothing).</summary>
    public double Precision => Matched + Extra == 0 ? 1 : (double)Matched / (Matched + Extra);

    /// <summary>Object recall against the consensus (1 when there was nothing to find).</summary>
    public double Recall => Matched + Missed == 0 ? 1 : (double)Matched / (Matched + Missed);

    /// <summary>F1 of <see cref="Precision"/> and <see cref="Recall"/>.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Agreement score in [0, 1]: F1 × mean IoU.</summary>
    public double Score => F1 * MeanIoU;
}
