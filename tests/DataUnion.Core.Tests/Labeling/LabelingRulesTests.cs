using DataUnion.Core.Labeling;

namespace DataUnion.Core.Tests.Labeling;

public sealed class LabelingRulesTests
{
    private static readonly LabelingDomain Faces = new() { Name = "faces", Classes = new Dictionary<string, double> { ["face"] = 0.5 } };

    [Fact]
    public void ProblemsOfAnItem_NameEveryOne()
    {
        var problems = LabelingRules.Problems(new LabelingItem(new string('x', LabelingRules.MaxIdLength + 1), 0, 10, " "), Faces);

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("id of 1 to 512", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("positive and finite", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("contributor", StringComparison.Ordinal));
    }

    [Fact]
    public void ProblemsOfAGoldItem_IncludeItsBoxesOutsideTheImage()
    {
        var problems = LabelingRules.Problems(new LabelingItem("g", 100, 100, "0xc", [new("face", new Box(90, 90, 20, 20))]), Faces);

        Assert.StartsWith("gold ", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void ProblemsOfAnswers_NameDuplicatesForeignImagesBadBoxesAndMissingAnswers()
    {
        string[] items = ["a", "b", "c"];
        ItemAnswer[] answers = [
            new("a", []), new("a", []), new("z", []), new("b", [new LabeledBox("car", new Box(1, 1, 5, 5))]),
        ];

        var problems = LabelingRules.Problems("bundle-1", "ann", items, id => items.Contains(id) ? (100, 100) : null, Faces, answers);

        Assert.Contains("image 'a' is answered twice", problems);
        Assert.Contains("image 'z' is not in bundle 'bundle-1'", problems);
        Assert.Contains(problems, p => p.StartsWith("image 'b': ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("image 'c' of the bundle has no answer", StringComparison.Ordinal));
    }

    [Fact]
    public void TooFast_BelowTheFewestSecondsPerItem_SaysWhy()
    {
        var sanctions = new SanctionPolicy { MinSecondsPerItem = 2 };

        Assert.Contains("at least 8 s", LabelingRules.TooFast("b", 4, TimeSpan.FromSeconds(3), sanctions), StringComparison.Ordinal);
        Assert.Null(LabelingRules.TooFast("b", 4, TimeSpan.FromSeconds(8), sanctions));
    }

    [Theory]
    [InlineData(true, false, AnswerKind.Counted)]
    [InlineData(false, false, AnswerKind.Discarded)]
    [InlineData(true, true, AnswerKind.Withdrawn)]
    [InlineData(false, true, AnswerKind.Withdrawn)]
    public void KindOf_CountsOnlyAnswersOfPassedBundlesForImagesStillUp(bool goldPassed, bool withdrawn, AnswerKind expected) =>
        Assert.Equal(expected, LabelingRules.KindOf(goldPassed, withdrawn));

    [Fact]
    public void RetiresGold_AfterEnoughAnswersWithALowPassRate()
    {
        var options = new LabelingOptions { GoldRetireAfter = 10, GoldRetireBelowPassRate = 0.3 };

        Assert.True(LabelingRules.RetiresGold(10, 2, options));
        Assert.False(LabelingRules.RetiresGold(9, 0, options));
        Assert.False(LabelingRules.RetiresGold(10, 3, options));
    }
}
