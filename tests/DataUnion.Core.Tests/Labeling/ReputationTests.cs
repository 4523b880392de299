using DataUnion.Core.Labeling;

namespace DataUnion.Core.Tests.Labeling;

public sealed class ReputationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan HalfLife = TimeSpan.FromDays(30);

    [Fact]
    public void Value_WithoutFinishedImages_IsTheGoldAccuracy()
    {
        var reputation = Reputation.New(Now).WithGold(true, Now, HalfLife).WithGold(true, Now, HalfLife);

        Assert.Equal(4 / 6.0, reputation.Value, 9);
    }

    [Fact]
    public void Value_WithAgreement_WeighsGoldTwiceAsMuch()
    {
        var reputation = Reputation.New(Now).WithGold(true, Now, HalfLife).WithGold(true, Now, HalfLife)
            .WithAgreement(0.2, Now, HalfLife).WithAgreement(0.2, Now, HalfLife);

        Assert.Equal(((2 * (4 / 6.0)) + (2.4 / 6)) / 3, reputation.Value, 9);
    }

    [Fact]
    public void WithAgreement_OldScoresDecayByHalfEachHalfLife()
    {
        var reputation = Reputation.New(Now).WithAgreement(1, Now, HalfLife).WithAgreement(0, Now + HalfLife, HalfLife);

        Assert.Equal(0.5, reputation.Agreement.Correct, 9);
        Assert.Equal(1.5, reputation.Agreement.Total, 9);
        Assert.Equal(2, reputation.Agreement.Answers);
    }

    [Theory]
    [InlineData(2, 0.9, 2, false)]
    [InlineData(3, 0.8, 3, true)]
    [InlineData(3, 0.79, 3, false)]
    [InlineData(4, 0.9, 1.4, false)]
    [InlineData(3, 0.9, 2.9, true)]
    [InlineData(4, 0.9, 4, false, 0.7)]
    [InlineData(4, 0.1, 4, false)]
    [InlineData(5, 0.1, 1, true)]
    public void IsFinished_FollowsMinimumEffectiveVotersWeightTargetAndMaximumOverlap(int answers, double confidence, double effectiveVoters, bool finished, double totalWeight = 10)
    {
        var domain = new LabelingDomain { Name = "faces", Classes = new Dictionary<string, double> { ["face"] = 0.5 } };
        var consensus = new ImageConsensus([], 1, totalWeight, Doubt: 1 - confidence, EffectiveVoters: effectiveVoters);

        Assert.Equal(finished, domain.IsFinished(answers, consensus));
    }

    [Theory]
    [InlineData(10, 0.1, 1)]
    [InlineData(10, 0.01, 1)]
    [InlineData(20, 0.15, 3)]
    [InlineData(2, 0.9, 1)]
    public void GoldPerBundle_IsTheRatiosShareAndNeverNone(int size, double ratio, int gold)
    {
        var domain = new LabelingDomain { Name = "faces", Classes = new Dictionary<string, double> { ["face"] = 0.5 }, GoldRatio = ratio };

        Assert.Equal(gold, domain.GoldPerBundle(size));
    }
}
