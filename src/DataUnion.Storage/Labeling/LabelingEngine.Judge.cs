using DataUnion.Core.Labeling;
using LiteDB;

namespace DataUnion.Storage.Labeling;

public sealed partial class LabelingEngine
{
    /// <summary>
    /// Builds the consensus of an image that has the answers it wanted. When the domain's dynamic
    /// overlap says it is finished, the consensus and shares are fixed and every labeler's
    /// agreement feeds their reputation; otherwise the image wants one more answer.
    /// </summary>
    /// <returns>True when the image was finished.</returns>
    /// <remarks>
    /// The consensus uses the crowd model of the domain as the node has learned it so far: each
    /// labeler's skill from their own evidence, drawn towards the domain's pooled evidence.
    /// </remarks>
    private bool Judge(ImageDocument image, LabelingDomain domain, DateTimeOffset now)
    {
        var submissions = Answers.Find(Query.And(Query.EQ("Image", image.Id), Query.EQ("Kind", nameof(AnswerKind.Counted))))
            .Select(a => new Submission(a.Labeler, BoxDocument.ToBoxes(a.Boxes)))
            .ToList();
        var records = submissions.ToDictionary(s => s.Labeler, s => LabelerDoc(domain.Name, s.Labeler), StringComparer.Ordinal);
        var power = records.ToDictionary(r => r.Key, r => PowerOf(r.Value), StringComparer.Ordinal);
        var evidence = records.ToDictionary(r => r.Key, r => r.Value.SkillEvidence(), StringComparer.Ordinal);
        var model = CrowdModel.FromEvidence(evidence, CrowdEvidence(domain.Name), _options.SkillPriors);
        var result = ConsensusBuilder.Build(submissions, l => power[l], model, domain.ConsensusOptions);
        var (consensus, agreement) = result;
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
        // What the finished image says of each labeler's skill joins their evidence and the crowd's.
        var learned = records.Keys.ToDictionary(l => l, _ => new SkillEvidence(), StringComparer.Ordinal);
        result.AddEvidence(l => learned[l]);
        foreach (var a in agreement)
        {
            var record = records[a.Labeler];
            record.Set(record.Reputation.WithAgreement(a.Match.Score, now, _options.ReputationHalfLife));
            Learn(domain.Name, record, learned[a.Labeler]);
            Labelers.Upsert(record);
        }

        return true;
    }

    /// <summary>Adds <paramref name="learned"/> to the labeler's evidence and to the domain's pool; the caller stores the record.</summary>
    private void Learn(string domain, LabelerDocument record, SkillEvidence learned)
    {
        var evidence = record.SkillEvidence();
        evidence.Add(learned);
        record.Set(evidence);
        var crowd = CrowdEvidence(domain);
        crowd.Add(learned);
        Crowds.Upsert(new BsonDocument { ["_id"] = domain, ["evidence"] = new BsonArray(crowd.ToArray().Select(v => new BsonValue(v))) });
    }

    /// <summary>Everyone's evidence in <paramref name="domain"/> together: what the crowd model's crowd skill is estimated from.</summary>
    private SkillEvidence CrowdEvidence(string domain) =>
        Crowds.FindById(domain) is { } document ? SkillEvidence.FromArray(document["evidence"].AsArray.Select(v => v.AsDouble).ToList()) : new SkillEvidence();
}
