using DataUnion.Core.Labeling;
using DataUnion.Storage.Labeling;

namespace DataUnion.Storage.Tests.Labeling;

/// <summary>The work queue's index, withdrawal, the operator's suspensions and the queue's figures.</summary>
public sealed class LabelingEngineQueueTests : IDisposable
{
    private readonly LabelingHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void RequestBundle_ImagesWrittenBeforeTheQueueIndex_AreFoundAfterARestart()
    {
        _h.AddGold(6);
        _h.AddReal(3);
        _h.RewriteStoredImages(d =>
        {
            d.Remove("Queue");
            d.Remove("GoldPool");
            d.Remove("Keys");
        });
        _h.Qualify("0xa");

        var bundle = _h.Engine.RequestBundle("faces", "0xa");

        Assert.Equal(3, bundle.Items.Count(i => i.Image.StartsWith('r')));
    }

    [Fact]
    public void RequestBundle_TakesTheImagesClosestToFinishedFirst()
    {
        _h.AddGold(10);
        _h.AddReal(6);
        _h.Qualify("0xa");
        var first = _h.Engine.RequestBundle("faces", "0xa");
        _h.Answer(first, _h.Truthful(first));
        var answered = first.Items.Select(i => i.Image).Where(i => i.StartsWith('r')).ToHashSet();

        _h.Qualify("0xb");
        var second = _h.Engine.RequestBundle("faces", "0xb");

        Assert.Equal(answered, second.Items.Select(i => i.Image).Where(i => i.StartsWith('r')).ToHashSet());
    }

    [Fact]
    public void Withdraw_TakesTheImageOutOfBundles_AndAnAnswerStillOpenCountsForNothing()
    {
        _h.AddGold(8);
        _h.AddReal(3);
        _h.Qualify("0xa");
        var bundle = _h.Engine.RequestBundle("faces", "0xa");
        var withdrawn = bundle.Items.First(i => i.Image.StartsWith('r')).Image;

        Assert.True(_h.Engine.Withdraw(withdrawn));
        Assert.False(_h.Engine.MayView(bundle.Id, "0xa", withdrawn));
        var receipt = _h.Answer(bundle, _h.Truthful(bundle));
        _h.Qualify("0xb");
        var next = _h.Engine.RequestBundle("faces", "0xb");

        Assert.Equal(2, receipt.Counted);
        Assert.Equal(0, _h.Engine.Image(withdrawn)!.Answers);
        Assert.True(_h.Engine.Image(withdrawn)!.Withdrawn);
        Assert.DoesNotContain(next.Items, i => i.Image == withdrawn);
        Assert.False(_h.Engine.Withdraw("never-added"));
    }

    [Fact]
    public void Suspend_RefusesWorkAndReturnsTheOpenBundle_LiftRestoresIt_AndABanStays()
    {
        _h.AddGold(8);
        _h.AddReal(3);
        _h.Qualify("0xa");
        var before = _h.Engine.RequestBundle("faces", "0xa");

        var suspended = _h.Engine.Suspend("faces", "0xa", TimeSpan.FromDays(1), "copies answers");
        var queue = _h.Engine.Queue("faces");

        Assert.Equal(StandingState.Suspended, suspended.Standing.State);
        Assert.Equal((0, 3), (queue.InBundles, queue.Waiting));
        var refused = Assert.Throws<LabelingException>(() => _h.Engine.RequestBundle("faces", "0xa"));
        Assert.Equal(LabelingErrorKind.Refused, refused.Kind);
        Assert.Equal(StandingState.Active, _h.Engine.Lift("faces", "0xa").Standing.State);
        var after = _h.Engine.RequestBundle("faces", "0xa");
        Assert.NotEqual(before.Id, after.Id);
        Assert.Equal(3, after.Items.Count(i => i.Image.StartsWith('r')));

        // Enough operator suspensions ban, and a ban is final.
        for (var i = 0; i < _h.Options.Sanctions.BanAfterSuspensions; i++)
        {
            _h.Engine.Suspend("faces", "0xa", TimeSpan.FromSeconds(1), "again");
            _h.Time.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(StandingState.Banned, _h.Engine.Labeler("faces", "0xa").Standing.State);
        Assert.Equal(LabelingErrorKind.Refused, Assert.Throws<LabelingException>(() => _h.Engine.Lift("faces", "0xa")).Kind);
        Assert.Equal(LabelingErrorKind.Refused, Assert.Throws<LabelingException>(() => _h.Engine.Suspend("faces", "0xa", TimeSpan.FromDays(1), "x")).Kind);
        Assert.Equal(LabelingErrorKind.Invalid, Assert.Throws<LabelingException>(() => _h.Engine.Suspend("faces", "0xb", TimeSpan.Zero, "x")).Kind);
    }

    [Fact]
    public void Queue_GivesTheMeanConsensusConfidence_OfTheFinishedImages_AndHowManyStayedBelowTarget()
    {
        _h.AddGold(12);
        _h.AddReal(2);
        Assert.Null(_h.Engine.Queue("faces").MeanConfidence);

        foreach (var labeler in new[] { "0xa", "0xb", "0xc" })
        {
            _h.Qualify(labeler);
            var bundle = _h.Engine.RequestBundle("faces", labeler);
            _h.Answer(bundle, _h.Truthful(bundle));
        }

        var finished = new[] { "r0", "r1" }.Select(id => _h.Engine.Image(id)!).Where(i => i.Finished).ToList();
        var queue = _h.Engine.Queue("faces");

        Assert.Equal(finished.Count, queue.Finished);
        Assert.NotEmpty(finished);
        var confidences = finished.Select(i => i.Consensus!.Objects.Count > 0 ? i.Consensus.Objects.Min(o => o.Confidence) : i.Consensus.EmptyConfidence).ToList();
        Assert.Equal(confidences.Average(), queue.MeanConfidence!.Value, 9);
        Assert.Equal(confidences.Count(c => c < _h.Engine.FindDomain("faces")!.ConfidenceTarget), queue.BelowTarget);
    }
}
