namespace DataUnion.Core.Labeling;

/// <summary>What a gold answer says about its labeler's skill, against the expert's boxes.</summary>
public static class GoldEvidence
{
    /// <summary>
    /// Adds <paramref name="answer"/>, graded against <paramref name="expert"/>, to
    /// <paramref name="evidence"/>: every expert object as boxed (matched one-to-one within its
    /// class at its threshold, and its edges against the expert's) or missed. Boxes on no expert
    /// object are not counted: the false-box rate is a rate per candidate, and one answer alone
    /// shows no candidates but its own.
    /// </summary>
    public static void Add(SkillEvidence evidence, IReadOnlyList<LabeledBox> answer, IReadOnlyList<LabeledBox> expert, ConsensusOptions options)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(expert);
        ArgumentNullException.ThrowIfNull(options);
        var matched = 0;
        foreach (var label in expert.Select(e => e.Label).Distinct(StringComparer.Ordinal))
        {
            var mine = answer.Where(a => a.Label == label).Select(a => a.Box).ToList();
            var theirs = expert.Where(e => e.Label == label).Select(e => e.Box).ToList();
            foreach (var match in IoUMatching.OneToOne(mine, theirs, options.ThresholdFor(label)))
            {
                evidence.AddCandidate(1, 0, boxed: true);
                evidence.AddBox(mine[match.Left], theirs[match.Right], 1, expert: true);
                matched++;
            }
        }

        for (var i = matched; i < expert.Count; i++)
        {
            evidence.AddCandidate(1, 0, boxed: false);
        }
    }
}
