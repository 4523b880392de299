namespace DataUnion.Core.Labeling;

/// <summary>The crowd's answer for one image.</summary>
/// <param name="Objects">Candidates whose posterior passed the quorum, most confident first.</param>
/// <param name="EmptyConfidence">Share of the voting power of labelers who drew nothing.</param>
/// <param name="TotalWeight">Voting power of everyone who answered.</param>
/// <param name="Doubt">The largest share of voting power behind a dropped candidate: how close the crowd came to one more object.</param>
/// <param name="EffectiveVoters">
/// Kish's effective number of voters, (Σ w)² / Σ w² over the voting powers: as many as answered
/// when they weigh the same, close to one when one labeler outweighs the rest. Dynamic overlap
/// counts these, so an image is not finished on one strong answer among worthless ones.
/// </param>
/// <param name="Dropped">The candidates that missed the quorum, with their posteriors.</param>
public sealed record ImageConsensus(
    IReadOnlyList<ConsensusObject> Objects,
    double EmptyConfidence,
    double TotalWeight,
    double Doubt = 0,
    double EffectiveVoters = 0,
    IReadOnlyList<ConsensusObject>? Dropped = null)
{
    /// <summary>True when the crowd agrees the image has no objects.</summary>
    public bool IsEmpty => Objects.Count == 0;

    /// <summary>
    /// How decisive the consensus is, 0 to 1: every decision must be clear, each kept object by
    /// the share of voting power behind it and each dropped candidate by the share not behind it.
    /// So the weakest object's confidence, or one minus <see cref="Doubt"/>, whichever is lower; an
    /// image where nobody drew anything is certain.
    /// </summary>
    public double Confidence => Math.Min(Objects.Count == 0 ? 1 : Objects.Min(o => o.Confidence), 1 - Doubt);

    /// <summary>Kish's effective number of voters for <paramref name="weights"/>: (Σ w)² / Σ w², 0 when there are none.</summary>
    public static double KishEffectiveVoters(IEnumerable<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        double sum = 0, squares = 0;
        foreach (var w in weights)
        {
            sum += w;
            squares += w * w;
        }

        return squares == 0 ? 0 : sum * sum / squares;
    }
}
