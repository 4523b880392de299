using DataUnion.Core.Labeling;

namespace DataUnion.Core.Tests.Labeling;

public sealed class VotingPowerTests
{
    private static readonly VotingPower Sut = new();

    [Fact]
    public void Of_StakeIsSublinearAndCapped()
    {
        Assert.Equal(1, Sut.Of(1, 0));
        Assert.Equal(2, Sut.Of(1, 1e18));
        Assert.Equal(3, Sut.Of(1, 4e18));
        Assert.Equal(3, Sut.Of(1, 1e30));
    }

    [Fact]
    public void Of_FailingGoldOutweighsAnyStake()
    {
        // A labeler at the prior's floor (never passed gold) with the capped stake, against one good labeler without stake.
        Assert.True(Sut.Of(0.14, 1e30) < Sut.Of(0.8, 0) / 5);
    }

    [Theory]
    [InlineData(-0.1, 0)]
    [InlineData(1.1, 0)]
    [InlineData(double.NaN, 0)]
    [InlineData(0.5, -1)]
    [InlineData(0.5, double.PositiveInfinity)]
    public void Of_OutOfRangeInput_IsRefused(double reputation, double stake) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Sut.Of(reputation, stake));
}
