using DataUnion.Core.Labeling;

namespace DataUnion.Core.Tests.Labeling;

public sealed class IoUMatchingTests
{
    [Fact]
    public void OneToOne_TakesTheBestPairFirst_AndUsesEachBoxOnce()
    {
        // Left 0 overlaps both right boxes; right 0 is its better match, so left 1 gets right 1.
        Box[] left = [new(0, 0, 10, 10), new(4, 0, 10, 10)];
        Box[] right = [new(1, 0, 10, 10), new(3, 0, 10, 10)];

        var matches = IoUMatching.OneToOne(left, right, 0.5);

        Assert.Equal([(0, 0), (1, 1)], matches.Select(m => (m.Left, m.Right)).Order());
    }

    [Fact]
    public void OneToOne_BelowTheThreshold_MatchesNothing()
    {
        Assert.Empty(IoUMatching.OneToOne([new Box(0, 0, 10, 10)], [new Box(6, 0, 10, 10)], 0.5));
    }

    [Fact]
    public void SortBestFirst_BreaksTiesOnTheLeftThenTheRightIndex()
    {
        List<IoUPair> pairs = [new(0.7, 2, 0), new(0.7, 1, 1), new(0.9, 3, 3), new(0.7, 1, 0)];

        IoUMatching.SortBestFirst(pairs);

        Assert.Equal([(3, 3), (1, 0), (1, 1), (2, 0)], pairs.Select(p => (p.Left, p.Right)));
    }

    [Fact]
    public void OneToOne_TiedPairs_GiveTheSameMatchesWhateverTheirOrder()
    {
        List<IoUPair> forward = [new(0.8, 0, 0), new(0.8, 0, 1), new(0.8, 1, 0)];
        var backward = forward.AsEnumerable().Reverse().ToList();
        var a = new List<IoUPair>();
        var b = new List<IoUPair>();

        IoUMatching.OneToOne(forward, 2, 2, a);
        IoUMatching.OneToOne(backward, 2, 2, b);

        Assert.Equal(a, b);
        Assert.Equal([(0, 0)], a.Select(m => (m.Left, m.Right)));
    }

    [Fact]
    public void Greedy_LetsTheCallerTakeSeveralPartnersForOneItem()
    {
        List<IoUPair> pairs = [new(0.6, 0, 0), new(0.9, 1, 0)];
        var taken = new List<int>();

        IoUMatching.Greedy(pairs, p =>
        {
            taken.Add(p.Left);
            return true;
        });

        Assert.Equal([1, 0], taken);
    }

    [Fact]
    public void ObjectMatchFrom_AppliesTheMeanIoURule()
    {
        Assert.Equal(0.8, ObjectMatch.From(1.6, 2, 0, 1).MeanIoU, 12);
        Assert.Equal(1, ObjectMatch.From(0, 0, 0, 0).MeanIoU);
        Assert.Equal(0, ObjectMatch.From(0, 0, 1, 0).MeanIoU);
    }
}
