namespace DataUnion.Core.Labeling;

/// <summary>Where an image stands in labeling.</summary>
/// <param name="Item">The image as it was put up.</param>
/// <param name="Domain">Its domain.</param>
/// <param name="Answers">Answers that counted.</param>
/// <param name="Wanted">Answers it needs before the consensus is judged again (dynamic overlap).</param>
/// <param name="Labelers">Everyone it was ever assigned to (never the same labeler twice).</param>
/// <param name="Consensus">The consensus once finished.</param>
/// <param name="Shares">Co-ownership share units once finished.</param>
/// <param name="VotingPowers">Each labeler's voting power when the image was finished: what the consensus and shares used.</param>
/// <param name="Retired">For gold: retired because too many failed it.</param>
/// <param name="Withdrawn">Its contributor withdrew it: it is out of labeling and earns no further shares.</param>
public sealed record ImageStatus(
    LabelingItem Item, string Domain, int Answers, int Wanted, IReadOnlyList<string> Labelers, ImageConsensus? Consensus, IReadOnlyDictionary<string, long>? Shares, IReadOnlyDictionary<string, double>? VotingPowers, bool Retired, bool Withdrawn = false)
{
    /// <summary>True once the consensus is final.</summary>
    public bool Finished => Consensus is not null;
}
