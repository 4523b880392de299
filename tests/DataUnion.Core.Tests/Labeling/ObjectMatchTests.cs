using DataUnion.Core.Labeling;

namespace DataUnion.Core.Tests.Labeling;

public sealed class ObjectMatchTests
{
    private static LabeledBox Face(double x) => new("face", new Box(x, 0, 10, 10));

    [Fact]
    public void Of_MatchesOneToOneWithinTheClass()
    {
        var grade = ObjectMatch.Of([Face(0), Face(1), new LabeledBox("car", new Box(50, 0, 10, 10))], [Face(0), new LabeledBox("face", new Box(50, 0, 10, 10))], new ConsensusOptions());

        Assert.Equal((1, 2, 1), (grade.Matched, grade.Extra, grade.Missed));
        Assert.Equal(1, grade.MeanIoU);
    }

    [Fact]
    public void Of_EmptyGoldAnsweredEmpty_Passes() =>
        Assert.True(ObjectMatch.Of([], [], new ConsensusOptions()).Passes(0.6, 0.7, 0.7));
}
