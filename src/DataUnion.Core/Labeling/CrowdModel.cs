namespace DataUnion.Core.Labeling;

/// <summary>
/// The crowd model a consensus is built with: each labeler's learned skill, the crowd's skill for
/// labelers it has not seen, the prior share of candidates that are real objects, and how often an
/// object is hard to see and how much that lowers everyone's chance of boxing it (real crowds miss
/// small and occluded objects together, which independent misses cannot explain). Learn one over
/// a whole crowd file with <see cref="Fit"/> (EM), or from stored evidence with
/// <see cref="FromEvidence(IReadOnlyDictionary{string, SkillEvidence}, SkillEvidence, SkillPriors)"/>, as the node does.
/// </summary>
public sealed partial class CrowdModel
{
    /// <summary>Creates a model.</summary>
    /// <param name="crowd">The skill assumed for a labeler without their own.</param>
    /// <param name="objectPrior">Prior probability that a candidate is a real object, strictly between 0 and 1.</param>
    /// <param name="skills">Learned skills by labeler.</param>
    /// <param name="hardShare">Prior share of real objects that are hard to see, 0 to below 1.</param>
    /// <param name="hardVisibility">How much less likely a hard object is to be boxed than a plain one, a factor in (0, 1].</param>
    /// <param name="iterations">EM iterations it took to learn (0 when not fitted).</param>
    public CrowdModel(LabelerSkill crowd, double objectPrior, IReadOnlyDictionary<string, LabelerSkill> skills, double hardShare = 0, double hardVisibility = 1, int iterations = 0)
    {
        ArgumentNullException.ThrowIfNull(crowd);
        ArgumentNullException.ThrowIfNull(skills);
        if (!(objectPrior > 0 && objectPrior < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(objectPrior), objectPrior, "the object prior is a probability strictly between 0 and 1");
        }

        if (!(hardShare >= 0 && hardShare < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(hardShare), hardShare, "the share of hard objects is at least 0 and below 1");
        }

        if (!(hardVisibility > 0 && hardVisibility <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(hardVisibility), hardVisibility, "the visibility of hard objects is above 0 and at most 1");
        }

        HardShare = hardShare;
        HardVisibility = hardVisibility;
        Crowd = crowd;
        ObjectPrior = objectPrior;
        Skills = skills;
        Iterations = iterations;
    }

    /// <summary>
    /// No learned skill: everyone has <see cref="LabelerSkill.Default"/>, candidates are even odds
    /// and no object is hard to see, so an object is kept when more than half of the voting power
    /// boxed it.
    /// </summary>
    public static CrowdModel Neutral { get; } = new(LabelerSkill.Default, 0.5, new Dictionary<string, LabelerSkill>());

    /// <summary>Prior share of real objects that are hard to see.</summary>
    public double HardShare { get; }

    /// <summary>A hard object is boxed with this factor times the labeler's chance for a plain one.</summary>
    public double HardVisibility { get; }

    /// <summary>The skill of a labeler the model has not seen.</summary>
    public LabelerSkill Crowd { get; }

    /// <summary>Prior probability that a candidate is a real object.</summary>
    public double ObjectPrior { get; }

    /// <summary>Learned skills by labeler.</summary>
    public IReadOnlyDictionary<string, LabelerSkill> Skills { get; }

    /// <summary>EM iterations it took to learn (0 when not fitted).</summary>
    public int Iterations { get; }

    /// <summary>The skill of <paramref name="labeler"/>: their own, or the crowd's.</summary>
    public LabelerSkill SkillOf(string labeler) => Skills.TryGetValue(labeler, out var skill) ? skill : Crowd;

    /// <summary>
    /// The model the evidence of a whole crowd supports: the crowd's skill is estimated from
    /// everyone's evidence pooled, and each labeler's from their own.
    /// </summary>
    public static CrowdModel FromEvidence(IReadOnlyDictionary<string, SkillEvidence> evidence, SkillPriors priors)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var pooled = new SkillEvidence();
        foreach (var item in evidence.Values)
        {
            pooled.Add(item);
        }

        return FromEvidence(evidence, pooled, priors);
    }

    /// <summary>
    /// The model stored evidence supports: the crowd's skill is estimated from
    /// <paramref name="pooled"/>, everyone's evidence together (drawn towards
    /// <see cref="LabelerSkill.Default"/>), and each labeler in <paramref name="evidence"/> from their
    /// own, drawn towards the crowd's. The node keeps the pool per domain and asks for the labelers
    /// of one image at a time.
    /// </summary>
    public static CrowdModel FromEvidence(IReadOnlyDictionary<string, SkillEvidence> evidence, SkillEvidence pooled, SkillPriors priors)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(pooled);
        ArgumentNullException.ThrowIfNull(priors);
        // Only experts say where the whole crowd's boxes sit against the truth: against the
        // consensus the mean offset is whatever the consensus assumed, and left free it drifts.
        var crowdBias = pooled.ExpertBias(priors.Bias);
        var crowd = pooled.Estimate(LabelerSkill.Default, priors) with { Bias = crowdBias };
        var skills = evidence.ToDictionary(e => e.Key, e => e.Value.Estimate(crowd, priors), StringComparer.Ordinal);
        Recentre(skills, pooled, crowdBias);
        var objects = pooled.Boxed + pooled.Missed + pooled.Hard;
        var candidates = objects + pooled.FalseBoxes + pooled.Abstained;
        var objectPrior = Clamp(((priors.ObjectPrior * 0.5) + objects) / (priors.ObjectPrior + candidates));
        var hardShare = Clamp(((priors.ObjectPrior * priors.HardShare) + pooled.Hard) / (priors.ObjectPrior + objects));
        // The boxes hard objects got, against those the crowd would have given plain ones.
        var expected = pooled.Hard * (1 - crowd.MissRate);
        var hardVisibility = Clamp(((priors.ObjectPrior * priors.HardVisibility) + pooled.HardBoxed) / (priors.ObjectPrior + expected));
        return new CrowdModel(crowd, objectPrior, skills, hardShare, hardVisibility);
    }

    /// <summary>
    /// Shifts every labeler's bias by the same amount, so that the crowd's mean offset (everyone's
    /// edges together) sits where gold says, or at none without gold: against the consensus only
    /// differences between labelers can be learned.
    /// </summary>
    private static void Recentre(Dictionary<string, LabelerSkill> skills, SkillEvidence pooled, BoxSides target)
    {
        if (pooled.Edges <= 0)
        {
            return;
        }

        var mean = pooled.MeanOffset;
        var shift = new BoxSides(target.Left - mean.Left, target.Top - mean.Top, target.Right - mean.Right, target.Bottom - mean.Bottom);
        foreach (var labeler in skills.Keys.ToList())
        {
            var skill = skills[labeler];
            skills[labeler] = skill with { Bias = new BoxSides(skill.Bias.Left + shift.Left, skill.Bias.Top + shift.Top, skill.Bias.Right + shift.Right, skill.Bias.Bottom + shift.Bottom) };
        }
    }

    private static double Clamp(double probability) => Math.Clamp(probability, SkillPriors.MinRate, 1 - SkillPriors.MinRate);
}
