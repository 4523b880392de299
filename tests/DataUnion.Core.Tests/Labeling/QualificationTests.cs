using DataUnion.Core.Labeling;

namespace DataUnion.Core.Tests.Labeling;

public sealed class QualificationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly LabelingDomain Faces = new() { Name = "faces", Classes = new Dictionary<string, double> { ["face"] = 0.5 }, QualificationSize = 3 };

    [Fact]
    public void With_GoodAnswersUpToTheQualificationSize_Qualifies()
    {
        var q = Qualification.Start;
        for (var i = 0; i < 3; i++)
        {
            q = q.With(new ObjectMatch(2, 0, 0, 0.8), Faces, Now);
        }

        Assert.Equal(QualificationState.Qualified, q.State);
    }

    [Fact]
    public void With_PoorRecall_LocksForTheCooldown_ThenStartsAfresh()
    {
        var q = Qualification.Start;
        for (var i = 0; i < 3; i++)
        {
            q = q.With(new ObjectMatch(1, 0, 1, 0.9), Faces, Now);
        }

        Assert.Equal(QualificationState.Locked, q.State);
        Assert.Equal(Now + Faces.QualificationCooldown, q.LockedUntil);
        var during = Assert.Throws<InvalidOperationException>(() => q.With(new ObjectMatch(1, 0, 0, 1), Faces, Now.AddDays(1)));
        Assert.Contains("locked out of domain 'faces'", during.Message);
        Assert.Equal(Qualification.Start, q.At(Now + Faces.QualificationCooldown));
    }

    [Fact]
    public void With_BeforeTheQualificationSize_StaysQualifyingWhateverTheAnswers()
    {
        var q = Qualification.Start.With(new ObjectMatch(0, 5, 3, 0), Faces, Now).With(new ObjectMatch(0, 5, 3, 0), Faces, Now);

        Assert.Equal(QualificationState.Qualifying, q.State);
        Assert.Equal(2, q.Answers);
    }
}
