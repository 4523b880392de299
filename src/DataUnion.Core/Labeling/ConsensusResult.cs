namespace DataUnion.Core.Labeling;

/// <summary>A candidate object of an image as the crowd model learns from it.</summary>
/// <param name="Plain">Probability that it is an object in plain view.</param>
/// <param name="Hard">Probability that it is an object hard to see.</param>
/// <param name="Box">Its fused box.</param>
/// <param name="Members">Each member's labeler, box, and the box the other members fused without it (null when alone).</param>
public sealed record CandidateEvidence(double Plain, double Hard, Box Box, IReadOnlyList<(string Labeler, Box Box, Box? Others)> Members)
{
    /// <summary>Probability that it is a real object.</summary>
    public double Posterior => Plain + Hard;
}

/// <summary>The consensus of one image, each labeler's agreement with it, and what it says about their skill.</summary>
/// <param name="Consensus">The objects and confidences.</param>
/// <param name="Agreement">Each labeler's answer against the consensus, by labeler id.</param>
/// <param name="Submissions">The answers it was built from.</param>
/// <param name="Candidates">Every candidate, kept or dropped, with its posterior.</param>
public sealed record ConsensusResult(
    ImageConsensus Consensus,
    IReadOnlyList<LabelerAgreement> Agreement,
    IReadOnlyList<Submission> Submissions,
    IReadOnlyList<CandidateEvidence> Candidates)
{
    /// <summary>The consensus and the agreement.</summary>
    public void Deconstruct(out ImageConsensus consensus, out IReadOnlyList<LabelerAgreement> agreement)
    {
        consensus = Consensus;
        agreement = Agreement;
    }

    /// <summary>
    /// Adds what this image says about each labeler who answered it to their evidence: every
    /// candidate, weighted by its posterior, as boxed or left alone; and the edges of each box in a
    /// candidate against the box the others fused.
    /// </summary>
    public void AddEvidence(Func<string, SkillEvidence> evidenceOf)
    {
        ArgumentNullException.ThrowIfNull(evidenceOf);
        var members = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in Candidates)
        {
            members.Clear();
            foreach (var (labeler, box, others) in candidate.Members)
            {
                members.Add(labeler);
                if (others is { } reference)
                {
                    evidenceOf(labeler).AddBox(box, reference, candidate.Posterior);
                }
            }

            foreach (var submission in Submissions)
            {
                evidenceOf(submission.Labeler).AddCandidate(candidate.Plain, candidate.Hard, members.Contains(submission.Labeler));
            }
        }
    }
}
