using DataUnion.Core.Labeling;

namespace DataUnion.Storage.Tests.Labeling;

public sealed class LabelingEngineSubmissionTests : IDisposable
{
    private readonly LabelingHarness _h = new();

    public LabelingEngineSubmissionTests()
    {
        _h.AddGold(30);
        _h.AddReal(6);
        _h.Qualify("alice");
        _h.Qualify("mallory");
    }

    [Fact]
    public void Submit_UnknownBundle_IsRefusedAsNotAssigned()
    {
        var error = Assert.Throws<LabelingException>(() => _h.Engine.Submit("b-00", "alice", []));

        Assert.Equal(LabelingErrorKind.NotFound, error.Kind);
        Assert.Contains("no bundle 'b-00' was assigned", error.Message);
    }

    [Fact]
    public void Submit_SomeoneElsesBundle_IsRefusedAndChangesNothing()
    {
        var bundle = _h.Engine.RequestBundle("faces", "alice");
        var before = Snapshot();
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        var error = Assert.Throws<LabelingException>(() => _h.Engine.Submit(bundle.Id, "mallory", _h.Truthful(bundle)));

        Assert.Equal(LabelingErrorKind.NotAssigned, error.Kind);
        Assert.Contains($"bundle '{bundle.Id}' was not assigned to mallory", error.Message);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Submit_SameAnswerAgain_GetsTheSameReceiptWithoutAStrike()
    {
        var bundle = _h.Engine.RequestBundle("faces", "alice");
        var first = _h.Answer(bundle, _h.Truthful(bundle));
        var before = Snapshot();

        var again = _h.Answer(bundle, _h.Truthful(bundle));

        Assert.Equal((first.GoldPassed, first.Counted, first.Finished), (again.GoldPassed, again.Counted, again.Finished));
        Assert.Equal(before, Snapshot());
        Assert.Equal(0, _h.Engine.Labeler("faces", "alice").Standing.Strikes);
    }

    [Fact]
    public void Submit_OtherAnswersToAnAnsweredBundle_AreRefusedAsDuplicateAndCountAStrike()
    {
        var bundle = _h.Engine.RequestBundle("faces", "alice");
        _h.Answer(bundle, _h.Truthful(bundle));
        var before = ImageSnapshot();
        var reputation = _h.Engine.Labeler("faces", "alice").Reputation;

        var error = Assert.Throws<LabelingException>(() => _h.Answer(bundle, LabelingHarness.Nothing(bundle)));

        Assert.Equal(LabelingErrorKind.Duplicate, error.Kind);
        Assert.Contains($"duplicate submission: bundle '{bundle.Id}' was already answered", error.Message);
        Assert.Equal(1, _h.Engine.Labeler("faces", "alice").Standing.Strikes);
        Assert.Equal(before, ImageSnapshot());
        Assert.Equal(reputation, _h.Engine.Labeler("faces", "alice").Reputation);
    }

    /// <summary>Answers <paramref name="count"/> bundles truthfully, for strikes to be earned on later.</summary>
    private List<TaskBundle> AnsweredBundles(string labeler, int count)
    {
        _h.AddReal(3 * count, from: 6);
        var bundles = new List<TaskBundle>();
        for (var i = 0; i < count; i++)
        {
            var bundle = _h.Engine.RequestBundle("faces", labeler);
            _h.Answer(bundle, _h.Truthful(bundle));
            bundles.Add(bundle);
        }

        return bundles;
    }

    [Fact]
    public void Submit_DuplicatesOfOneBundle_CostOneStrike()
    {
        var bundle = _h.Engine.RequestBundle("faces", "alice");
        _h.Answer(bundle, _h.Truthful(bundle));

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(LabelingErrorKind.Duplicate, Assert.Throws<LabelingException>(() => _h.Answer(bundle, LabelingHarness.Nothing(bundle))).Kind);
        }

        Assert.Equal(1, _h.Engine.Labeler("faces", "alice").Standing.Strikes);
    }

    [Fact]
    public async Task Submit_TenDifferentDuplicatesAtOnce_AreOneStrike_NotABan()
    {
        var bundle = _h.Engine.RequestBundle("faces", "alice");
        _h.Answer(bundle, _h.Truthful(bundle));

        var refusals = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
        {
            IReadOnlyList<ItemAnswer> other = bundle.Items.Select(item => new ItemAnswer(item.Image, LabelingHarness.Face(i, 0))).ToList();
            return Assert.Throws<LabelingException>(() => _h.Engine.Submit(bundle.Id, "alice", other)).Kind;
        })));

        var standing = _h.Engine.Labeler("faces", "alice").Standing;
        Assert.All(refusals, kind => Assert.Equal(LabelingErrorKind.Duplicate, kind));
        Assert.Equal((StandingState.Active, 1, 0), (standing.State, standing.Strikes, standing.Suspensions));
    }

    [Fact]
    public void Strike_WhileSuspended_IsNotCounted()
    {
        var answered = AnsweredBundles("alice", 5);
        foreach (var bundle in answered.Take(3))
        {
            Assert.Throws<LabelingException>(() => _h.Engine.Submit(bundle.Id, "alice", LabelingHarness.Nothing(bundle)));
        }

        var suspended = _h.Engine.Labeler("faces", "alice").Standing;
        foreach (var bundle in answered.Skip(3))
        {
            Assert.Throws<LabelingException>(() => _h.Engine.Submit(bundle.Id, "alice", LabelingHarness.Nothing(bundle)));
        }

        var after = _h.Engine.Labeler("faces", "alice").Standing;
        Assert.Equal(StandingState.Suspended, suspended.State);
        Assert.Equal(suspended, after);
        Assert.Equal((1, 0), (after.Suspensions, after.Strikes));
    }

    [Fact]
    public void Strike_ThatSuspends_WithdrawsTheOpenBundleWithoutFailingItsGold()
    {
        var answered = AnsweredBundles("alice", 3);
        var open = _h.Engine.RequestBundle("faces", "alice");
        var gold = _h.Engine.Labeler("faces", "alice").Reputation.Gold;
        foreach (var bundle in answered)
        {
            Assert.Throws<LabelingException>(() => _h.Engine.Submit(bundle.Id, "alice", LabelingHarness.Nothing(bundle)));
        }

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        var error = Assert.Throws<LabelingException>(() => _h.Engine.Submit(open.Id, "alice", _h.Truthful(open)));

        Assert.Equal(LabelingErrorKind.Late, error.Kind);
        Assert.Contains("was withdrawn", error.Message);
        Assert.False(_h.Engine.MayView(open.Id, "alice", open.Items[0].Image));
        Assert.All(open.Items.Where(i => i.Image.StartsWith('r')), i => Assert.DoesNotContain("alice", _h.Engine.Image(i.Image)!.Labelers));
        Assert.Equal(LabelingErrorKind.Refused, Assert.Throws<LabelingException>(() => _h.Engine.RequestBundle("faces", "alice")).Kind);
        _h.Time.Advance(_h.Options.Sanctions.SuspensionLength);
        _h.Engine.RequestBundle("faces", "alice");
        Assert.Equal(gold, _h.Engine.Labeler("faces", "alice").Reputation.Gold);
    }

    [Fact]
    public void Submit_AtTheExpiryInstant_IsLate()
    {
        var bundle = _h.Engine.RequestBundle("faces", "alice");
        _h.Time.Advance(_h.Options.BundleTimeout);

        Assert.Equal(LabelingErrorKind.Late, Assert.Throws<LabelingException>(() => _h.Engine.Submit(bundle.Id, "alice", _h.Truthful(bundle))).Kind);
    }

    [Fact]
    public void RequestBundle_AfterABundleExpiredUnanswered_CountsItsGoldAsFailed_AndFreesItsRealImages()
    {
        var abandoned = _h.Engine.RequestBundle("faces", "alice");
        var gold = _h.Engine.Labeler("faces", "alice").Reputation.Gold;
        _h.Time.Advance(_h.Options.BundleTimeout + TimeSpan.FromSeconds(1));

        var next = _h.Engine.RequestBundle("faces", "alice");

        var after = _h.Engine.Labeler("faces", "alice").Reputation.Gold;
        Assert.Equal(gold.Answers + 1, after.Answers);
        Assert.True(after.Accuracy < gold.Accuracy);
        var abandonedGold = abandoned.Items.Single(i => i.Image.StartsWith('g')).Image;
        Assert.DoesNotContain(next.Items, i => i.Image == abandonedGold);
        Assert.All(abandoned.Items.Where(i => i.Image.StartsWith('r')), i => Assert.Equal(next.Items.Any(n => n.Image == i.Image), _h.Engine.Image(i.Image)!.Labelers.Contains("alice")));
        Assert.False(_h.Engine.MayView(abandoned.Id, "alice", abandoned.Items[0].Image));
    }

    [Fact]
    public void Submit_AfterTheBundleExpired_IsRefusedAsLate()
    {
        var bundle = _h.Engine.RequestBundle("faces", "alice");
        _h.Time.Advance(_h.Options.BundleTimeout + TimeSpan.FromSeconds(1));
        var before = Snapshot();

        var error = Assert.Throws<LabelingException>(() => _h.Engine.Submit(bundle.Id, "alice", _h.Truthful(bundle)));

        Assert.Equal(LabelingErrorKind.Late, error.Kind);
        Assert.Contains("late submission", error.Message);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Submit_TooFastToBeReal_IsRefusedWithAStrike_AndThreeStrikesSuspend()
    {
        _h.AddReal(6, from: 6);
        for (var strike = 1; strike <= 3; strike++)
        {
            var bundle = _h.Engine.RequestBundle("faces", "alice");
            var error = Assert.Throws<LabelingException>(() => _h.Engine.Submit(bundle.Id, "alice", _h.Truthful(bundle)));
            Assert.Equal(LabelingErrorKind.TooFast, error.Kind);
            Assert.Contains("take a person at least 8 s", error.Message);
            Assert.All(ImagesOf(bundle), i => Assert.Equal(0, i.Answers));
            _h.Time.Advance(_h.Options.BundleTimeout + TimeSpan.FromSeconds(1));
        }

        var standing = _h.Engine.Labeler("faces", "alice").Standing;
        Assert.Equal(StandingState.Suspended, standing.State);
        Assert.Contains("3 strikes", standing.Reason);
        var refused = Assert.Throws<LabelingException>(() => _h.Engine.RequestBundle("faces", "alice"));
        Assert.Equal(LabelingErrorKind.Refused, refused.Kind);
        Assert.Contains("suspended until", refused.Message);
    }

    [Fact]
    public void Submit_BadBoxesAndUnknownImages_NamesEveryProblemAndChangesNothing()
    {
        var bundle = _h.Engine.RequestBundle("faces", "alice");
        var items = bundle.Items.Select(i => i.Image).ToList();
        var answers = new List<ItemAnswer>
        {
            new(items[0], [new LabeledBox("face", new Box(190, 10, 50, 50))]),
            new(items[1], [new LabeledBox("cat", new Box(1, 1, 5, 5)), new LabeledBox("face", new Box(double.NaN, 1, 5, 5))]),
            new(items[2], [new LabeledBox("face", new Box(1, 1, 0, 5))]),
            new("r99", []),
        };
        var before = Snapshot();
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        var error = Assert.Throws<LabelingException>(() => _h.Engine.Submit(bundle.Id, "alice", answers));

        Assert.Equal(LabelingErrorKind.Invalid, error.Kind);
        Assert.Contains(error.Problems, p => p.StartsWith($"image '{items[0]}': box 0:", StringComparison.Ordinal) && p.Contains("outside the 200×100 image"));
        Assert.Contains(error.Problems, p => p.Contains("unknown class 'cat'"));
        Assert.Contains(error.Problems, p => p.StartsWith("image", StringComparison.Ordinal) && p.Contains(": box 1: box") && p.Contains("not a finite number"));
        Assert.Contains(error.Problems, p => p.Contains("zero or negative size"));
        Assert.Contains($"image 'r99' is not in bundle '{bundle.Id}'", error.Problems);
        Assert.Contains(error.Problems, p => p.StartsWith($"image '{items[3]}' of the bundle has no answer", StringComparison.Ordinal));
        Assert.Equal(before, Snapshot());
        // The bundle is still open: a corrected answer is taken.
        Assert.True(_h.Engine.Submit(bundle.Id, "alice", _h.Truthful(bundle)).GoldPassed);
    }

    [Fact]
    public void Submit_TooManyBoxes_IsRefused()
    {
        var bundle = _h.Engine.RequestBundle("faces", "alice");
        var crowded = Enumerable.Range(0, 101).Select(i => new LabeledBox("face", new Box(1, 1, 5, 5))).ToList();
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        var error = Assert.Throws<LabelingException>(() => _h.Engine.Submit(bundle.Id, "alice", _h.Truthful(bundle).Select((a, i) => i == 0 ? a with { Boxes = crowded } : a).ToList()));

        Assert.Contains(error.Problems, p => p.Contains("101 boxes, more than the 100 domain 'faces' allows"));
    }

    [Fact]
    public void Submit_FailedGoldInTheBundle_DiscardsTheRealAnswers()
    {
        var bundle = _h.Engine.RequestBundle("faces", "mallory");

        var receipt = _h.Answer(bundle, _h.Truthful(bundle).Select(a => a.Image.StartsWith('g') ? a with { Boxes = [] } : a).ToList());

        Assert.False(receipt.GoldPassed);
        Assert.Equal(0, receipt.Counted);
        Assert.All(ImagesOf(bundle).Where(i => !i.Item.Id.StartsWith('g')), i => Assert.Equal(0, i.Answers));
        // The images go back to others, but never to mallory again.
        Assert.All(ImagesOf(bundle), i => Assert.Contains("mallory", i.Labelers));
    }

    [Fact]
    public void Submit_FailureMidTransaction_LeavesNoHalfUpdate()
    {
        _h.Qualify("bob");
        for (var l = 0; l < 2; l++)
        {
            var b = _h.Engine.RequestBundle("faces", l == 0 ? "alice" : "bob");
            _h.Answer(b, _h.Truthful(b));
        }

        _h.Qualify("carol");
        var bundle = _h.Engine.RequestBundle("faces", "carol");
        var before = Snapshot();
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        // The third answer finishes the images; building their consensus reads the stakes, which fail.
        _h.Stakes.Fail = true;

        Assert.Throws<InvalidOperationException>(() => _h.Engine.Submit(bundle.Id, "carol", _h.Truthful(bundle)));

        _h.Stakes.Fail = false;
        Assert.Equal(before, Snapshot());
        var receipt = _h.Engine.Submit(bundle.Id, "carol", _h.Truthful(bundle));
        Assert.Equal(3, receipt.Finished);
    }

    private List<ImageStatus> ImagesOf(TaskBundle bundle) => bundle.Items.Select(i => _h.Engine.Image(i.Image)!).ToList();

    /// <summary>Everything a submission may change, as comparable text.</summary>
    private string Snapshot() => string.Join("\n",
        new[] { "alice", "mallory", "bob", "carol" }.Select(l => _h.Engine.Labeler("faces", l)).Select(s => $"{s.Labeler} {s.Qualification} {s.Reputation} {s.Standing} {s.Counted}")) + ImageSnapshot();

    private string ImageSnapshot() => string.Join("\n",
        Enumerable.Range(0, 30).Select(i => $"g{i}").Concat(Enumerable.Range(0, 6).Select(i => $"r{i}"))
            .Select(id => _h.Engine.Image(id)!)
            .Select(i => $"{i.Item.Id} {i.Answers} {i.Wanted} {i.Finished} {i.Retired} {string.Join(",", i.Labelers)} {i.Shares?.Count}"));

    public void Dispose() => _h.Dispose();
}
