using DataUnion.Core.Labeling;

namespace DataUnion.Core.Tests.Labeling;

public sealed class GoldAccuracyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Accuracy_IsBayesSmoothed()
    {
        Assert.Equal(0.5, GoldAccuracy.None(Start).Accuracy);
        var once = GoldAccuracy.None(Start).With(passed: true, Start, TimeSpan.FromDays(30));
        Assert.Equal(3.0 / 5, once.Accuracy, 12);
    }

    [Fact]
    public void With_OldAnswersDecayByTheHalfLife()
    {
        var failed = GoldAccuracy.None(Start).With(passed: false, Start, TimeSpan.FromDays(30));
        var later = failed.With(passed: true, Start.AddDays(30), TimeSpan.FromDays(30));

        Assert.Equal(1, later.Correct, 12);
        Assert.Equal(1.5, later.Total, 12);
        Assert.Equal(2, later.Answers);
    }
}
