namespace DataUnion.Core.Labeling;

/// <summary>The consensus of one image, each labeler's agreement with it, and what it says about their skill.</summary>
public sealed class ConsensusResult
{
    private readonly Action<Func<string, SkillEvidence>> _addEvidence;

    internal ConsensusResult(ImageConsensus consensus, IReadOnlyList<LabelerAgreement> agreement, IReadOnlyList<Submission> submissions, Action<Func<string, SkillEvidence>> addEvidence)
    {
        Consensus = consensus;
        Agreement = agreement;
        Submissions = submissions;
        _addEvidence = addEvidence;
    }

    /// <summary>The objects and confidences.</summary>
    public ImageConsensus Consensus { get; }

    /// <summary>Each labeler's answer against the consensus, by labeler id.</summary>
    public IReadOnlyList<LabelerAgreement> Agreement { get; }

    /// <summary>The answers it was built from.</summary>
    public IReadOnlyList<Submission> Submissions { get; }

    /// <summary>The consensus and the agreement.</summary>
    public void Deconstruct(out ImageConsensus consensus, out IReadOnlyList<LabelerAgreement> agreement)
    {
        consensus = Consensus;
        agreement = Agreement;
    }

    /// <summary>
    /// Adds what this image says about each labeler who answered it to their evidence: every
    /// candidate, kept or dropped, as boxed or left alone, with its posteriors; and the edges of
    /// each box in a candidate against the box the others fused.
    /// </summary>
    public void AddEvidence(Func<string, SkillEvidence> evidenceOf)
    {
        ArgumentNullException.ThrowIfNull(evidenceOf);
        _addEvidence(evidenceOf);
    }
}
