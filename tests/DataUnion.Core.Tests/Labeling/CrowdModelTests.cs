using DataUnion.Core.Labeling;

namespace DataUnion.Core.Tests.Labeling;

public sealed class CrowdModelTests
{
    private static readonly ConsensusOptions Options = new();
    private static readonly Dictionary<string, IReadOnlyList<LabeledBox>> NoGold = [];

    private static LabeledBox Face(double x, double y, double w = 40, double h = 40) => new("face", new Box(x, y, w, h));

    /// <summary>Images with two faces each; "careless" misses the second face of every image, the others box both.</summary>
    private static List<CrowdImage> Crowd(int images, Func<int, string, List<LabeledBox>>? answer = null)
    {
        var random = new Random(7);
        var result = new List<CrowdImage>();
        for (var i = 0; i < images; i++)
        {
            var submissions = new[] { "a", "b", "c", "careless" }.Select(l => new Submission(l, answer?.Invoke(i, l) ?? [
                Face(10 + random.Next(0, 3), 10),
                .. l == "careless" ? Array.Empty<LabeledBox>() : [Face(200 + random.Next(0, 3), 100)],
            ])).ToList();
            result.Add(new CrowdImage($"i{i}", 640, 480, submissions));
        }

        return result;
    }

    [Fact]
    public void Fit_LearnsWhoMissesObjects()
    {
        var (model, results) = CrowdModel.Fit(Crowd(30), NoGold, _ => 1, Options, new FitOptions());

        Assert.True(model.SkillOf("careless").MissRate > 0.3, $"careless miss rate {model.SkillOf("careless").MissRate:0.00}");
        Assert.True(model.SkillOf("a").MissRate < 0.1, $"a's miss rate {model.SkillOf("a").MissRate:0.00}");
        Assert.All(results, r => Assert.Equal(2, r.Consensus.Objects.Count));
        Assert.InRange(model.Iterations, 1, new FitOptions().MaxIterations);
    }

    [Fact]
    public void Fit_ANewLabelerBorrowsTheCrowdsSkill()
    {
        var (model, _) = CrowdModel.Fit(Crowd(10), NoGold, _ => 1, Options, new FitOptions());

        Assert.Same(model.Crowd, model.SkillOf("someone new"));
    }

    [Fact]
    public void Fit_GoldAnchorsWhereTheCrowdsBoxesSit()
    {
        // Everyone draws boxes 4 px to the right of the truth: only the gold images can show it.
        var truth = new Dictionary<string, IReadOnlyList<LabeledBox>>();
        var images = new List<CrowdImage>();
        for (var i = 0; i < 40; i++)
        {
            images.Add(new CrowdImage($"i{i}", 640, 480, new[] { "a", "b", "c" }.Select(l => new Submission(l, [Face(104, 100)])).ToList()));
            if (i % 2 == 0)
            {
                truth[$"i{i}"] = [Face(100, 100)];
            }
        }

        var (withGold, results) = CrowdModel.Fit(images, truth, _ => 1, Options, new FitOptions());
        var (withoutGold, plain) = CrowdModel.Fit(images, NoGold, _ => 1, Options, new FitOptions());

        // 4 px of a 40 px face is 0.1, drawn a little towards none by the prior's pseudo-edges.
        Assert.InRange(withGold.Crowd.Bias.Left, 0.08, 0.1);
        Assert.Equal(0, withoutGold.Crowd.Bias.Left);
        Assert.InRange(Assert.Single(results[0].Consensus.Objects).Box.X, 100, 101);
        Assert.Equal(104, Assert.Single(plain[0].Consensus.Objects).Box.X, 6);
    }

    [Fact]
    public void Build_ConsistentLabelersWithLittleVotingPower_CannotPutAnObjectIn()
    {
        // Two who fail gold agree on a face the three others do not see, image after image.
        var images = Crowd(30, (_, l) => l is "a" or "b" ? [Face(300, 300)] : [Face(10, 10)]);
        var power = new Dictionary<string, double> { ["a"] = 0.01, ["b"] = 0.01, ["c"] = 1, ["careless"] = 1 };

        var (_, results) = CrowdModel.Fit(images, NoGold, l => power[l], Options, new FitOptions());

        Assert.All(results, r => Assert.Equal(10, Assert.Single(r.Consensus.Objects).Box.X, 6));
    }

    [Fact]
    public void Build_FusedBox_IsRobustToOneWildEdge()
    {
        Submission[] answers = [
            new("a", [Face(100, 100)]), new("b", [Face(101, 100)]), new("c", [Face(99, 100)]),
            new("d", [Face(100, 100)]), new("e", [Face(100, 100, 60, 40)]),
        ];

        var face = Assert.Single(ConsensusBuilder.Build(answers, _ => 1, Options).Consensus.Objects);

        // The mean would put the right edge at 144; the wild one barely moves it from 140.
        Assert.InRange(face.Box.Right, 140, 141.5);
    }

    [Fact]
    public void SkillEvidence_RoundTripsThroughItsStoredForm_AndRefusesABrokenOne()
    {
        var evidence = new SkillEvidence();
        evidence.AddCandidate(0.7, 0.2, boxed: true);
        evidence.AddBox(new Box(11, 10, 20, 20), new Box(10, 10, 20, 20), 0.9, expert: true);

        var copy = SkillEvidence.FromArray(evidence.ToArray());

        Assert.Equal(evidence.ToArray(), copy.ToArray());
        Assert.Equal(evidence.Estimate(LabelerSkill.Default, new SkillPriors()), copy.Estimate(LabelerSkill.Default, new SkillPriors()));
        Assert.Throws<ArgumentException>(() => SkillEvidence.FromArray([1, 2, 3]));
        Assert.Throws<ArgumentException>(() => SkillEvidence.FromArray(evidence.ToArray().Select((v, i) => i == 0 ? -1 : v).ToArray()));
    }

    [Fact]
    public void Neutral_KeepsExactlyTheWeightedMajority()
    {
        Submission[] answers = [
            new("a", [Face(10, 10)]), new("b", [Face(10, 10)]), new("c", []),
        ];

        Assert.Single(ConsensusBuilder.Build(answers, _ => 1, Options).Consensus.Objects);
        Assert.Empty(ConsensusBuilder.Build(answers, l => l == "c" ? 2 : 1, Options).Consensus.Objects);
    }
}
