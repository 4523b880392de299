using DataUnion.Core.Labeling;

namespace DataUnion.Storage.Tests.Labeling;

public sealed class LabelingEngineAssignmentTests : IDisposable
{
    private readonly LabelingHarness _h = new();

    [Fact]
    public void RequestBundle_QualifiedLabeler_MixesAtLeastOneGoldItemAmongRealOnes()
    {
        _h.AddGold(20);
        _h.AddReal(10);
        _h.Qualify("alice");

        var bundle = _h.Engine.RequestBundle("faces", "alice");

        Assert.Equal(4, bundle.Items.Count);
        Assert.Single(bundle.Items, i => i.Image.StartsWith('g'));
        Assert.Equal(3, bundle.Items.Count(i => i.Image.StartsWith('r')));
    }

    [Fact]
    public void RequestBundle_GoldPlacement_VariesAcrossBundles()
    {
        _h.AddGold(40);
        _h.AddReal(60);
        var positions = new HashSet<int>();
        for (var l = 0; l < 8; l++)
        {
            _h.Qualify($"l{l}");
            var bundle = _h.Engine.RequestBundle("faces", $"l{l}");
            positions.Add(bundle.Items.ToList().FindIndex(i => i.Image.StartsWith('g')));
        }

        Assert.True(positions.Count >= 3, $"gold landed only at positions {string.Join(", ", positions)}");
    }

    [Fact]
    public void RequestBundle_OpenBundle_IsHandedOutAgainUntilItExpires()
    {
        _h.AddGold(10);
        _h.AddReal(10);
        _h.Qualify("alice");
        var first = _h.Engine.RequestBundle("faces", "alice");

        Assert.Equal(first.Id, _h.Engine.RequestBundle("faces", "alice").Id);
        _h.Time.Advance(_h.Options.BundleTimeout + TimeSpan.FromSeconds(1));
        var next = _h.Engine.RequestBundle("faces", "alice");

        Assert.NotEqual(first.Id, next.Id);
        // The expired bundle's gold is never shown again; its real images may be.
        Assert.DoesNotContain(next.Items, i => i.Image.StartsWith('g') && first.Items.Any(f => f.Image == i.Image));
    }

    [Fact]
    public void RequestBundle_NeverGivesALabelerTheSameImageTwice()
    {
        _h.AddGold(30);
        _h.AddReal(6);
        _h.Qualify("alice");
        var seen = new List<string>();

        for (var round = 0; round < 2; round++)
        {
            var bundle = _h.Engine.RequestBundle("faces", "alice");
            seen.AddRange(bundle.Items.Select(i => i.Image));
            _h.Answer(bundle, _h.Truthful(bundle));
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        var error = Assert.Throws<LabelingException>(() => _h.Engine.RequestBundle("faces", "alice"));
        Assert.Equal(LabelingErrorKind.NoWork, error.Kind);
        Assert.Contains("no image in domain 'faces' needs an answer from alice", error.Message);
    }

    [Fact]
    public void RequestBundle_OpenHoldsCountTowardsTheOverlap()
    {
        _h.AddGold(30);
        _h.AddReal(3);
        for (var l = 0; l < 4; l++)
        {
            _h.Qualify($"l{l}");
        }

        for (var l = 0; l < 3; l++)
        {
            Assert.Equal(3, _h.Engine.RequestBundle("faces", $"l{l}").Items.Count(i => i.Image.StartsWith('r')));
        }

        // Three labelers hold every image, the minimum overlap: a fourth gets nothing yet.
        Assert.Equal(LabelingErrorKind.NoWork, Assert.Throws<LabelingException>(() => _h.Engine.RequestBundle("faces", "l3")).Kind);
        _h.Time.Advance(_h.Options.BundleTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal(3, _h.Engine.RequestBundle("faces", "l3").Items.Count(i => i.Image.StartsWith('r')));
    }

    [Fact]
    public void Submit_AgreeingLabelers_FinishAnImageAtTheMinimumOverlapWithShares()
    {
        _h.AddGold(30);
        _h.AddReal(3);
        for (var l = 0; l < 3; l++)
        {
            _h.Qualify($"l{l}");
            var bundle = _h.Engine.RequestBundle("faces", $"l{l}");
            _h.Answer(bundle, _h.Truthful(bundle));
        }

        var image = _h.Engine.Image("r0")!;
        Assert.True(image.Finished);
        Assert.Equal(3, image.Answers);
        var face = Assert.Single(image.Consensus!.Objects);
        Assert.Equal(100, face.Box.X, 9);
        Assert.Equal(30, face.Box.Y, 9);
        Assert.Equal(40, face.Box.Width, 9);
        Assert.Equal(1.0, face.Confidence, 6);
        Assert.Equal(CoOwnershipShares.ContributorUnits, image.Shares!["0xcontributor"]);
        Assert.Equal(CoOwnershipShares.LabelerUnits, image.Shares.Where(s => s.Key != "0xcontributor").Sum(s => s.Value));
        Assert.Equal(3, _h.Engine.Labeler("faces", "l0").Reputation.Agreement.Answers);
        Assert.Equal(
            3 * (CoOwnershipShares.ContributorUnits + CoOwnershipShares.LabelerUnits),
            _h.Engine.Shares("faces").Values.Sum());
    }

    [Fact]
    public void Submit_DisagreeingLabelers_AddLabelersUpToTheMaximumOverlap()
    {
        _h.AddGold(40);
        _h.AddReal(3);
        var wanted = new List<int>();
        for (var l = 0; l < 5; l++)
        {
            _h.Qualify($"l{l}");
            var bundle = _h.Engine.RequestBundle("faces", $"l{l}");
            // Labelers 0 and 1 see the face, 2 and 3 see nothing: no confident consensus until the fifth.
            var answers = _h.Truthful(bundle).Select(a => a.Image.StartsWith('r') && l is 2 or 3 ? a with { Boxes = [] } : a).ToList();
            _h.Answer(bundle, answers);
            wanted.Add(_h.Engine.Image("r0")!.Wanted);
        }

        Assert.Equal([3, 3, 4, 5, 5], wanted);
        var image = _h.Engine.Image("r0")!;
        Assert.True(image.Finished);
        Assert.Equal(5, image.Answers);
        Assert.Equal(0.6, Assert.Single(image.Consensus!.Objects).Confidence, 2);
        Assert.DoesNotContain("l2", image.Shares!.Keys);
    }

    public void Dispose() => _h.Dispose();
}
