using DataUnion.Core.Labeling;

namespace DataUnion.Core.Tests.Labeling;

public sealed class CoOwnershipSharesTests
{
    private static LabelerAgreement Agreeing(string labeler, double meanIoU) => new(labeler, new ObjectMatch(2, 0, 0, meanIoU));

    [Fact]
    public void ForImage_SplitsLabelerUnitsByAgreementTimesPower_AndAlwaysAddsUp()
    {
        var shares = CoOwnershipShares.ForImage("contributor", [Agreeing("a", 0.9), Agreeing("b", 0.9), Agreeing("c", 0.9)], _ => 1);

        Assert.Equal(1000, shares["contributor"]);
        // 1000 / 3: one leftover unit, by largest remainder (all equal), to the smallest id.
        Assert.Equal((334, 333, 333), (shares["a"], shares["b"], shares["c"]));
    }

    [Fact]
    public void ForImage_DisagreeingOrPowerlessLabeler_GetsNothing()
    {
        var shares = CoOwnershipShares.ForImage(
            "contributor",
            [Agreeing("good", 0.9), new LabelerAgreement("spammer", new ObjectMatch(0, 3, 2, 0)), Agreeing("strong", 0.9)],
            l => l == "strong" ? 3 : 1);

        Assert.False(shares.ContainsKey("spammer"));
        Assert.Equal(250, shares["good"]);
        Assert.Equal(750, shares["strong"]);
    }

    [Fact]
    public void ForImage_SameInputsInAnotherOrder_GiveTheSameShares()
    {
        LabelerAgreement[] agreement = [Agreeing("x", 0.71), Agreeing("y", 0.93), Agreeing("z", 0.55)];

        var forward = CoOwnershipShares.ForImage("c", agreement, l => l.Length);
        var backward = CoOwnershipShares.ForImage("c", [.. agreement.Reverse()], l => l.Length);

        Assert.Equal(forward.OrderBy(s => s.Key), backward.OrderBy(s => s.Key));
        Assert.Equal(2000, forward.Values.Sum());
    }

    [Fact]
    public void Sum_AddsImagesPerOwner()
    {
        var total = CoOwnershipShares.Sum([new Dictionary<string, long> { ["a"] = 5, ["b"] = 1 }, new Dictionary<string, long> { ["a"] = 2 }]);

        Assert.Equal([("a", 7L), ("b", 1L)], total.Select(t => (t.Key, t.Value)));
    }
}
