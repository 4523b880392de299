namespace DataUnion.Core.Labeling;

/// <summary>The crowd's answer for one image.</summary>
/// <param name="Objects">Objects that reached the quorum, most confident first.</param>
/// <param name="EmptyConfidence">Share of the voting power of labelers who drew nothing: the confidence that the image has no objects.</param>
/// <param name="TotalWeight">Voting power of everyone who answered.</param>
public sealed record ImageConsensus(IReadOnlyList<ConsensusObject> Objects, double EmptyConfidence, double TotalWeight)
{
    /// <summary>True when the crowd agrees the image has no objects.</summary>
    public bool IsEmpty => Objects.Count == 0;

    /// <summary>The consensus's confidence: the weakest object's, or the empty verdict's when there is none.</summary>
    public double Confidence => Objects.Count == 0 ? EmptyConfidence : Objects.Min(o => o.Confidence);
}
