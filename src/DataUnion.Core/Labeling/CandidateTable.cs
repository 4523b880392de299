namespace DataUnion.Core.Labeling;

/// <summary>
/// The candidates of a whole crowd as flat arrays (labelers, voters and members as indices), for
/// the rounds of <see cref="CrowdModel.Fit"/>: one round scores every candidate under the current
/// skills and gathers each labeler's evidence without allocating per image.
/// </summary>
internal sealed class CandidateTable
{
    private const int Counts = 6;
    private const int Row = Counts + (3 * BoxSides.Count);

    private readonly int _labelers;
    private readonly int[] _imageVoters;
    private readonly int[] _voterLabeler;
    private readonly double[] _voterShare;
    private readonly int[] _imageCandidates;
    private readonly int[] _candidateMembers;
    private readonly int[] _memberVoter;
    private readonly Box[] _memberBox;

    /// <summary>Flattens <paramref name="images"/>, whose voters are the labelers <paramref name="labelers"/> (ids below <paramref name="labelerCount"/>).</summary>
    public CandidateTable(IReadOnlyList<ConsensusBuilder.PreparedImage> images, IReadOnlyList<int[]> labelers, int labelerCount)
    {
        _labelers = labelerCount;
        var voters = images.Sum(i => i.Voters.Length);
        var candidates = images.Sum(i => i.Classes.Sum(c => c.Candidates.Count));
        var members = images.Sum(i => i.Classes.Sum(c => c.Candidates.Sum(x => x.Members.Count)));
        _imageVoters = new int[images.Count + 1];
        _voterLabeler = new int[voters];
        _voterShare = new double[voters];
        _imageCandidates = new int[images.Count + 1];
        _candidateMembers = new int[candidates + 1];
        _memberVoter = new int[members];
        _memberBox = new Box[members];
        int v = 0, c = 0, m = 0;
        for (var i = 0; i < images.Count; i++)
        {
            _imageVoters[i] = v;
            _imageCandidates[i] = c;
            foreach (var voter in images[i].Voters)
            {
                _voterLabeler[v + voter.Index] = labelers[i][voter.Index];
                _voterShare[v + voter.Index] = voter.Share;
            }

            foreach (var candidate in images[i].Classes.SelectMany(x => x.Candidates))
            {
                _candidateMembers[c++] = m;
                foreach (var (voter, box) in candidate.Members)
                {
                    _memberVoter[m] = v + voter.Index;
                    _memberBox[m++] = box;
                }
            }

            v += images[i].Voters.Length;
        }

        _imageVoters[images.Count] = v;
        _imageCandidates[images.Count] = c;
        _candidateMembers[c] = m;
    }

    /// <summary>
    /// One E-step: every candidate's posteriors under <paramref name="skills"/> (by labeler id) and
    /// <paramref name="model"/>'s object priors, and the evidence they give each labeler, added to
    /// <paramref name="anchors"/> (their gold evidence).
    /// </summary>
    public SkillEvidence[] Round(LabelerSkill[] skills, CrowdModel model, IReadOnlyList<SkillEvidence> anchors)
    {
        var sums = new double[_labelers * Row];
        var maxVoters = 0;
        for (var i = 0; i + 1 < _imageVoters.Length; i++)
        {
            maxVoters = Math.Max(maxVoters, _imageVoters[i + 1] - _imageVoters[i]);
        }

        var silent = new double[maxVoters * 3];
        var boxed = new double[maxVoters * 3];
        var member = new bool[maxVoters];
        Span<double> weights = stackalloc double[BoxSides.Count];
        Span<double> edges = stackalloc double[BoxSides.Count];
        Span<double> others = stackalloc double[BoxSides.Count];
        var rho = model.HardVisibility;
        var plainPrior = Math.Log(model.ObjectPrior * (1 - model.HardShare));
        var hardPrior = model.HardShare > 0 ? Math.Log(model.ObjectPrior * model.HardShare) : double.NegativeInfinity;
        var nonePrior = Math.Log(1 - model.ObjectPrior);
        for (var image = 0; image + 1 < _imageVoters.Length; image++)
        {
            var first = _imageVoters[image];
            var count = _imageVoters[image + 1] - first;
            double basePlain = plainPrior, baseHard = hardPrior, baseNone = nonePrior;
            for (var k = 0; k < count; k++)
            {
                var skill = skills[_voterLabeler[first + k]];
                var share = _voterShare[first + k];
                var (miss, falseBox) = (skill.MissRate, skill.FalseBoxRate);
                silent[3 * k] = share * Math.Log(miss);
                silent[(3 * k) + 1] = share * Math.Log(1 - ((1 - miss) * rho));
                silent[(3 * k) + 2] = share * Math.Log(1 - falseBox);
                boxed[3 * k] = (share * Math.Log(1 - miss)) - silent[3 * k];
                boxed[(3 * k) + 1] = (share * Math.Log((1 - miss) * rho)) - silent[(3 * k) + 1];
                boxed[(3 * k) + 2] = (share * Math.Log(falseBox)) - silent[(3 * k) + 2];
                basePlain += silent[3 * k];
                baseHard += silent[(3 * k) + 1];
                baseNone += silent[(3 * k) + 2];
            }

            for (var c = _imageCandidates[image]; c < _imageCandidates[image + 1]; c++)
            {
                var (from, to) = (_candidateMembers[c], _candidateMembers[c + 1]);
                double logPlain = basePlain, logHard = baseHard, logNone = baseNone;
                Array.Clear(member, 0, count);
                for (var x = from; x < to; x++)
                {
                    var k = _memberVoter[x] - first;
                    member[k] = true;
                    logPlain += boxed[3 * k];
                    logHard += boxed[(3 * k) + 1];
                    logNone += boxed[(3 * k) + 2];
                }

                var top = Math.Max(logPlain, Math.Max(logHard, logNone));
                var plain = Math.Exp(logPlain - top);
                var hard = Math.Exp(logHard - top);
                var total = plain + hard + Math.Exp(logNone - top);
                (plain, hard) = (plain / total, hard / total);
                var none = Math.Max(0, 1 - plain - hard);
                for (var k = 0; k < count; k++)
                {
                    var row = _voterLabeler[first + k] * Row;
                    sums[row + 4] += hard;
                    if (member[k])
                    {
                        sums[row] += plain;
                        sums[row + 5] += hard;
                        sums[row + 2] += none;
                    }
                    else
                    {
                        sums[row + 1] += plain;
                        sums[row + 3] += none;
                    }
                }

                if (to - from >= 2)
                {
                    AddEdges(from, to, plain + hard, skills, sums, weights, edges, others);
                }
            }
        }

        var evidence = new SkillEvidence[_labelers];
        var values = new double[Row + (2 * BoxSides.Count)];
        for (var l = 0; l < _labelers; l++)
        {
            Array.Copy(sums, l * Row, values, 0, Row);
            Array.Clear(values, Row, 2 * BoxSides.Count);
            evidence[l] = SkillEvidence.FromArray(values);
            evidence[l].Add(anchors[l]);
        }

        return evidence;
    }

    /// <summary>How much a voter's edge counts in a fused box: their share over their noise squared.</summary>
    private double EdgeWeight(int voter, LabelerSkill skill, int side)
    {
        var noise = skill.Noise[side];
        return _voterShare[voter] / (noise * noise);
    }

    /// <summary>Each member's edges against the box the other members fused without it, weighted by the candidate's posterior.</summary>
    private void AddEdges(int from, int to, double posterior, LabelerSkill[] skills, double[] sums, Span<double> weights, Span<double> edges, Span<double> others)
    {
        weights.Clear();
        edges.Clear();
        for (var x = from; x < to; x++)
        {
            var voter = _memberVoter[x];
            var skill = skills[_voterLabeler[voter]];
            for (var side = 0; side < BoxSides.Count; side++)
            {
                var weight = EdgeWeight(voter, skill, side);
                weights[side] += weight;
                edges[side] += weight * Edge(skill, _memberBox[x], side);
            }
        }

        for (var x = from; x < to; x++)
        {
            var voter = _memberVoter[x];
            var skill = skills[_voterLabeler[voter]];
            for (var side = 0; side < BoxSides.Count; side++)
            {
                var weight = EdgeWeight(voter, skill, side);
                others[side] = (edges[side] - (weight * Edge(skill, _memberBox[x], side))) / (weights[side] - weight);
            }

            if (!(others[2] > others[0] && others[3] > others[1]))
            {
                continue;
            }

            var reference = new Box(others[0], others[1], others[2] - others[0], others[3] - others[1]);
            var row = _voterLabeler[voter] * Row;
            for (var side = 0; side < BoxSides.Count; side++)
            {
                var offset = Math.Clamp((BoxSides.EdgeOf(_memberBox[x], side) - BoxSides.EdgeOf(reference, side)) / BoxSides.ScaleOf(reference, side), -SkillEvidence.MaxOffset, SkillEvidence.MaxOffset);
                sums[row + Counts + side] += posterior;
                sums[row + Counts + BoxSides.Count + side] += posterior * offset;
                sums[row + Counts + (2 * BoxSides.Count) + side] += posterior * offset * offset;
            }
        }
    }

    private static double Edge(LabelerSkill skill, in Box box, int side) => BoxSides.EdgeOf(box, side) - (skill.Bias[side] * BoxSides.ScaleOf(box, side));
}
