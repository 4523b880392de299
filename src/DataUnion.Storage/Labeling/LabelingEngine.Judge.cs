using DataUnion.Core.Labeling;

namespace DataUnion.Storage.Labeling;

public sealed partial class LabelingEngine
{
    /// <summary>
    /// Builds the consensus of an image that has the answers it wanted. When the domain's dynamic
    /// overlap says it is finished, the consensus and shares are fixed and every labeler's
    /// agreement feeds their reputation; otherwise the image wants one more answer.
    /// </summary>
    /// <returns>True when the image was finished.</returns>
    private bool Judge(ImageDocument image, LabelingDomain domain, DateTimeOffset now)
    {
        var submissions = Answers.Find(a => a.Image == image.Id && a.Kind == "Counted")
            .Select(a => new Submission(a.Labeler, BoxDocument.ToBoxes(a.Boxes)))
            .ToList();
        var records = submissions.ToDictionary(s => s.Labeler, s => LabelerDoc(domain.Name, s.Labeler), StringComparer.Ordinal);
        var power = records.ToDictionary(r => r.Key, r => PowerOf(r.Value), StringComparer.Ordinal);
        var (consensus, agreement) = ConsensusBuilder.Build(submissions, l => power[l], domain.ConsensusOptions);
        if (!domain.IsFinished(submissions.Count, consensus))
        {
            image.Wanted = submissions.Count + 1;
            Images.Update(image);
            return false;
        }

        var shares = CoOwnershipShares.ForImage(image.Contributor, agreement, l => power[l]);
        image.Finished = true;
        image.FinishedAt = now.UtcDateTime;
        image.Consensus = consensus.Objects.Select(ConsensusObjectDocument.From).ToList();
        image.EmptyConfidence = consensus.EmptyConfidence;
        image.TotalWeight = consensus.TotalWeight;
        image.Doubt = consensus.Doubt;
        image.EffectiveVoters = consensus.EffectiveVoters;
        image.VotingPowers = power.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new PowerDocument { Labeler = p.Key, Power = p.Value }).ToList();
        image.Shares = shares.Select(s => new ShareDocument { Owner = s.Key, Units = s.Value }).OrderBy(s => s.Owner, StringComparer.Ordinal).ToList();
        image.Holds.Clear();
        Images.Update(image);
        foreach (var a in agreement)
        {
            var record = records[a.Labeler];
            record.Set(record.Reputation.WithAgreement(a.Match.Score, now, _options.ReputationHalfLife));
            Labelers.Upsert(record);
        }

        return true;
    }
}
