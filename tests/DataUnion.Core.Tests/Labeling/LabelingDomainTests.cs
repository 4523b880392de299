using DataUnion.Core.Labeling;

namespace DataUnion.Core.Tests.Labeling;

public sealed class LabelingDomainTests
{
    private static readonly LabelingDomain Faces = new() { Name = "faces", Classes = new Dictionary<string, double> { ["face"] = 0.5 }, MaxBoxesPerImage = 2 };

    [Fact]
    public void Problems_DefaultsWithAClass_AreNone() => Assert.Empty(Faces.Problems());

    [Fact]
    public void Problems_BadSettings_AreEachNamed()
    {
        var bad = Faces with { Classes = new Dictionary<string, double> { ["face"] = 1.5 }, MinOverlap = 4, MaxOverlap = 2, GoldRatio = 0, QualificationSize = 2 };

        var problems = bad.Problems();

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Contains("class 'face' needs an IoU threshold above 0 and at most 1, got 1.5", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("at least 3 gold items", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_UnknownClassBadBoxAndTooManyBoxes_AreEachNamed()
    {
        var submission = new Submission("a", [new("car", new Box(0, 0, 5, 5)), new("face", new Box(0, 0, 5, double.NaN)), new("face", new Box(0, 0, 5, 5))]);

        var problems = Faces.Check(submission, 100, 100);

        Assert.Equal(3, problems.Count);
        Assert.Contains("3 boxes, more than the 2 domain 'faces' allows", problems);
        Assert.Contains("box 0: unknown class 'car' (domain 'faces' has face)", problems);
        Assert.Contains(problems, p => p.StartsWith("box 1: box [0, 0, 5, NaN] has a coordinate that is not a finite number", StringComparison.Ordinal));
    }
}
