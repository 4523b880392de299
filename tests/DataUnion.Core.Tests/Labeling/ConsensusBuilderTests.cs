using DataUnion.Core.Labeling;

namespace DataUnion.Core.Tests.Labeling;

public sealed class ConsensusBuilderTests
{
    private static readonly ConsensusOptions Options = new();

    private static Submission Answer(string labeler, params Box[] boxes) => new(labeler, boxes.Select(b => new LabeledBox("face", b)).ToList());

    private static ConsensusResult Build(IReadOnlyList<Submission> submissions, Func<string, double>? weight = null, ConsensusOptions? options = null) =>
        ConsensusBuilder.Build(submissions, weight ?? (_ => 1), options ?? Options);

    [Fact]
    public void Build_ThreeLabelersOnOneFace_FusesTheAverageBoxWithFullConfidence()
    {
        var (consensus, agreement) = Build([
            Answer("a", new Box(10, 10, 20, 20)),
            Answer("b", new Box(12, 10, 20, 20)),
            Answer("c", new Box(8, 10, 20, 20)),
        ]);

        var face = Assert.Single(consensus.Objects);
        Assert.Equal(new Box(10, 10, 20, 20), face.Box);
        Assert.Equal(1, face.Confidence);
        Assert.Equal(3, face.Supporters.Count);
        Assert.All(agreement, a => Assert.Equal(1, a.Match.F1));
    }

    [Fact]
    public void Build_BoxBelowTheThresholdAgainstTheFirstBoxButAboveAgainstTheFusedOne_JoinsTheObject()
    {
        // b's box has IoU 0.43 with a's, the cluster's only box when b is matched; against the
        // fused box of a and c (x = 2) it has 0.54, so the refinement pass puts it in.
        var (consensus, _) = Build([
            Answer("a", new Box(0, 0, 20, 20)),
            Answer("b", new Box(8, 0, 20, 20)),
            Answer("c", new Box(4, 0, 20, 20)),
        ]);

        var face = Assert.Single(consensus.Objects);
        Assert.Equal(4, face.Box.X, 12);
        Assert.Equal(1, face.Confidence);
        Assert.Equal(0, consensus.Doubt);
    }

    [Fact]
    public void Build_TwoNearbyObjectsDrawnByTheSameLabelers_StaySeparate()
    {
        // The two faces overlap at IoU 0.6, but each labeler drew both: two objects, not one.
        var (consensus, _) = Build([
            Answer("a", new Box(0, 0, 20, 20), new Box(5, 0, 20, 20)),
            Answer("b", new Box(0, 0, 20, 20), new Box(5, 0, 20, 20)),
            Answer("c", new Box(0, 0, 20, 20), new Box(5, 0, 20, 20)),
        ]);

        Assert.Equal([0.0, 5.0], consensus.Objects.Select(o => o.Box.X).Order());
    }

    [Fact]
    public void Build_Refinement_NeverTakesABoxOutOfAnObject()
    {
        // Three of four agree closely; d's box joined early and sits far from the final fused box.
        // The object keeps d, and the stray cluster of e's box does not pull anything away.
        var (consensus, _) = Build([
            Answer("a", new Box(0, 0, 20, 20)), Answer("b", new Box(0, 0, 20, 20)), Answer("c", new Box(0, 0, 20, 20)),
            Answer("d", new Box(5, 0, 20, 20)), Answer("e", new Box(60, 60, 10, 10)),
        ]);

        var face = Assert.Single(consensus.Objects);
        Assert.Equal(4, face.Supporters.Count);
        Assert.Equal(0.2, consensus.Doubt, 12);
    }

    [Fact]
    public void Build_Refinement_KeepsAStrayPairTogether()
    {
        // Two of five agree on a second face: it misses the quorum, and stays one cluster of 0.4.
        var (consensus, _) = Build([
            Answer("a", new Box(0, 0, 20, 20)), Answer("b", new Box(0, 0, 20, 20)), Answer("c", new Box(0, 0, 20, 20)),
            Answer("d", new Box(100, 0, 20, 20)), Answer("e", new Box(102, 0, 20, 20)),
        ]);

        Assert.Single(consensus.Objects);
        Assert.Equal(0.4, consensus.Doubt, 12);
        Assert.Equal(0.6, consensus.Confidence, 12);
    }

    [Fact]
    public void Confidence_CountsTheClustersThatMissedTheQuorum()
    {
        var split = Build([
            Answer("a", new Box(10, 10, 20, 20)), Answer("b", new Box(10, 10, 20, 20)), Answer("c", new Box(10, 10, 20, 20)),
            Answer("d", new Box(100, 100, 20, 20)), Answer("e", new Box(100, 100, 20, 20)),
        ]).Consensus;
        var scattered = Build([
            Answer("a"), Answer("b"), Answer("c"), Answer("d", new Box(10, 10, 20, 20)), Answer("e", new Box(100, 100, 20, 20)),
        ]).Consensus;

        Assert.Equal(0.4, split.Doubt, 12);
        Assert.Equal(0.6, split.Confidence, 12);
        Assert.True(scattered.IsEmpty);
        Assert.Equal(0.6, scattered.EmptyConfidence, 12);
        Assert.Equal(0.8, scattered.Confidence, 12);
    }

    [Fact]
    public void Build_WeightedFusion_PullsTheBoxTowardsTheStrongerLabeler()
    {
        var (consensus, _) = Build([Answer("strong", new Box(0, 0, 20, 20)), Answer("weak", new Box(4, 0, 20, 20))], w => w == "strong" ? 3 : 1);

        Assert.Equal(1, Assert.Single(consensus.Objects).Box.X, 12);
    }

    [Fact]
    public void Build_ObjectSeenByTooFew_IsNotInTheConsensus_AndCountsAsTheirExtraBox()
    {
        var (consensus, agreement) = Build([
            Answer("a", new Box(10, 10, 20, 20), new Box(60, 60, 10, 10)),
            Answer("b", new Box(10, 10, 20, 20)),
            Answer("c", new Box(10, 10, 20, 20)),
        ]);

        Assert.Single(consensus.Objects);
        var a = agreement.Single(x => x.Labeler == "a");
        Assert.Equal((1, 1, 0), (a.Match.Matched, a.Match.Extra, a.Match.Missed));
        Assert.Equal(0.5, a.Match.Precision);
    }

    [Fact]
    public void Build_TwoBoxesOfOneLabelerOnOneObject_OnlyOneJoinsTheCluster()
    {
        var (consensus, agreement) = Build([
            Answer("a", new Box(10, 10, 20, 20), new Box(11, 10, 20, 20)),
            Answer("b", new Box(10, 10, 20, 20)),
        ]);

        var face = Assert.Single(consensus.Objects);
        Assert.Equal(2, face.Supporters.Count);
        Assert.Equal(1, agreement.Single(x => x.Labeler == "a").Match.Extra);
    }

    [Fact]
    public void Build_MostLabelersDrawNothing_AgreesTheImageIsEmpty()
    {
        var (consensus, agreement) = Build([Answer("a"), Answer("b"), Answer("c", new Box(0, 0, 5, 5))]);

        Assert.True(consensus.IsEmpty);
        Assert.Equal(2.0 / 3, consensus.EmptyConfidence, 12);
        Assert.Equal(1, agreement.Single(x => x.Labeler == "a").Match.Score);
        Assert.Equal(0, agreement.Single(x => x.Labeler == "c").Match.Precision);
    }

    [Fact]
    public void Build_BoxesBelowTheClassThreshold_AreDifferentObjects()
    {
        var loose = new ConsensusOptions { IoUThresholds = new Dictionary<string, double> { ["face"] = 0.3 } };
        Submission[] answers = [Answer("a", new Box(0, 0, 20, 10)), Answer("b", new Box(10, 0, 20, 10))]; // IoU 1/3

        Assert.Empty(Build(answers, options: new ConsensusOptions { Quorum = 0.75 }).Consensus.Objects);
        Assert.Single(Build(answers, options: loose).Consensus.Objects);
    }

    [Fact]
    public void Build_SameInputInAnotherOrder_GivesTheSameConsensus()
    {
        Submission[] answers =
        [
            Answer("a", new Box(10, 10, 20, 20), new Box(50, 50, 10, 10)),
            Answer("b", new Box(11, 9, 20, 21), new Box(51, 50, 10, 10)),
            Answer("c", new Box(9, 11, 19, 20)),
        ];

        var forward = Build(answers).Consensus;
        var backward = Build([.. answers.Reverse()]).Consensus;

        Assert.Equal(forward.Objects.Select(o => (o.Label, o.Box, o.Confidence)), backward.Objects.Select(o => (o.Label, o.Box, o.Confidence)));
    }

    [Fact]
    public void Build_SameLabelerTwice_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Build([Answer("a"), Answer("a")]));

        Assert.Contains("labeler 'a' answered the image twice", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Build_NonPositiveVotingPower_IsRefused(double weight)
    {
        var ex = Assert.Throws<ArgumentException>(() => Build([Answer("a")], _ => weight));

        Assert.Contains("it must be a positive number", ex.Message);
    }
}
