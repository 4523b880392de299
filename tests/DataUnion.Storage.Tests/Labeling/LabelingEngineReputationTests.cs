using DataUnion.Core.Labeling;

namespace DataUnion.Storage.Tests.Labeling;

public sealed class LabelingEngineReputationTests : IDisposable
{
    private readonly LabelingHarness _h = new();

    [Fact]
    public void Submit_SustainedGoldFailures_SuspendAfterThreeGoldAnswers_ThenBan()
    {
        _h.AddGold(60);
        _h.AddReal(60);
        _h.Qualify("mallory");
        var states = new List<StandingState>();

        for (var round = 0; round < 12 && states.LastOrDefault() != StandingState.Banned; round++)
        {
            var bundle = _h.Engine.RequestBundle("faces", "mallory");
            var receipt = _h.Answer(bundle, LabelingHarness.Nothing(bundle));
            states.Add(receipt.Labeler.Standing.State);
            if (receipt.Labeler.Standing.State == StandingState.Suspended)
            {
                _h.Time.Advance(_h.Options.Sanctions.SuspensionLength);
            }
        }

        // Three qualification passes, then failures: (2+3)/(4+n) stays at or above 0.4 until the sixth; each later failure suspends again.
        Assert.Equal(StandingState.Banned, states[^1]);
        Assert.Equal(3, states.Count(s => s != StandingState.Active));
        var refused = Assert.Throws<LabelingException>(() => _h.Engine.RequestBundle("faces", "mallory"));
        Assert.Contains("banned from the domain: 3 suspensions", refused.Message);
    }

    [Fact]
    public void Submit_GoldAndFinishedImages_TeachTheCrowdModel_WhichSurvivesARestart()
    {
        _h.AddGold(80);
        _h.AddReal(40);
        string[] labelers = ["ann", "bob", "cat", "shifty"];
        // "shifty" draws each face 4 px (a tenth of it) to the right, gold included; the rest draw it where it is.
        void Work(string labeler)
        {
            var bundle = _h.Engine.RequestBundle("faces", labeler);
            _h.Answer(bundle, bundle.Items.Select(i => new ItemAnswer(i.Image, labeler == "shifty"
                ? _h.TruthOf(i.Image).Select(b => b with { Box = b.Box with { X = b.Box.X + 4 } }).ToList()
                : _h.TruthOf(i.Image))).ToList());
        }

        for (var round = 0; round < 14 && _h.Engine.FinishedImages("faces").Count < 40; round++)
        {
            foreach (var labeler in labelers)
            {
                try
                {
                    Work(labeler);
                }
                catch (LabelingException e) when (e.Kind == LabelingErrorKind.NoWork)
                {
                    // Every image still open was answered by this labeler already.
                }
            }
        }

        _h.Reopen();
        var shifty = _h.Engine.Labeler("faces", "shifty").Skill!;
        var ann = _h.Engine.Labeler("faces", "ann").Skill!;
        var newcomer = _h.Engine.Labeler("faces", "newcomer").Skill!;

        Assert.True(_h.Engine.FinishedImages("faces").Count >= 30, $"{_h.Engine.FinishedImages("faces").Count} finished");
        Assert.True(shifty.Bias.Left > ann.Bias.Left + 0.05, $"shifty's left-edge bias {shifty.Bias.Left:0.000}, ann's {ann.Bias.Left:0.000}");
        Assert.InRange(shifty.Bias.Left, 0.05, 0.11);
        Assert.Equal(newcomer, _h.Engine.Labeler("faces", "someone else").Skill);
        Assert.True(ann.MissRate < LabelerSkill.Default.MissRate, $"ann's miss rate {ann.MissRate}");
    }

    [Fact]
    public void Labeler_RecordWrittenBeforeSkillsWereLearned_ReadsWithTheCrowdsSkill()
    {
        _h.AddGold(10);
        _h.Qualify("ann");
        var before = _h.Engine.Labeler("faces", "ann");

        // A node of an earlier release wrote labeler records without the skill evidence.
        _h.RewriteStored("labeling_labelers", d => d.Remove("Skill"));
        var after = _h.Engine.Labeler("faces", "ann");

        Assert.Equal(before.Qualification, after.Qualification);
        Assert.Equal(before.Reputation, after.Reputation);
        Assert.Equal(_h.Engine.Labeler("faces", "newcomer").Skill, after.Skill);
    }

    [Fact]
    public void Submit_GoldThatTooManyFail_IsRetired()
    {
        _h.AddGold(3);
        _h.Engine.AddImage("faces", new LabelingItem("hard", 200, 100, "0xc", LabelingHarness.Face(150, 50)));
        _h.Engine.SaveDomain(LabelingHarness.Faces with { QualificationSize = 4 });
        for (var l = 0; l < 10; l++)
        {
            var bundle = _h.Engine.RequestBundle("faces", $"l{l}");
            // Everyone draws the hard item's face somewhere else: the expert box is likely wrong.
            _h.Answer(bundle, bundle.Items.Select(i => new ItemAnswer(i.Image, i.Image == "hard" ? LabelingHarness.Face(10, 10) : _h.TruthOf(i.Image))).ToList());
        }

        var hard = _h.Engine.Image("hard")!;
        Assert.True(hard.Retired);
        Assert.False(_h.Engine.Image("g0")!.Retired);
        Assert.Equal((0, 0, 4, 1), _h.Engine.Counts("faces"));
    }

    [Fact]
    public void Submit_StakedLabeler_GetsMoreVotingPowerAndALargerShare_ButCannotFinishAnImageAlone()
    {
        _h.AddGold(30);
        _h.AddReal(3);
        _h.Stakes.Stakes["whale"] = 4e18;
        var finished = new List<bool>();
        foreach (var l in new[] { "whale", "krill", "minnow", "shrimp" })
        {
            _h.Qualify(l);
            var bundle = _h.Engine.RequestBundle("faces", l);
            _h.Answer(bundle, _h.Truthful(bundle));
            finished.Add(_h.Engine.Image("r0")!.Finished);
        }

        var whale = _h.Engine.Labeler("faces", "whale");
        var minnow = _h.Engine.Labeler("faces", "minnow");
        Assert.Equal(3 * minnow.VotingPower, whale.VotingPower, 6);
        // Weights 3, 1, 1 are 2.3 effective voters, short of the 3 the domain wants: a fourth is added.
        Assert.Equal([false, false, false, true], finished);
        var shares = _h.Engine.Image("r0")!.Shares!;
        Assert.Equal(500, shares["whale"]);
        Assert.Equal([167, 167, 166], new[] { "krill", "minnow", "shrimp" }.Select(l => shares[l]));
    }

    [Fact]
    public void AddImage_BadItems_NameEveryProblem()
    {
        var error = Assert.Throws<LabelingException>(() =>
            _h.Engine.AddImage("faces", new LabelingItem("x", 100, 100, "", [new LabeledBox("dog", new Box(0, 0, 5, 5))])));
        Assert.Equal(LabelingErrorKind.Invalid, error.Kind);
        Assert.Contains("gold box 0: unknown class 'dog' (domain 'faces' has face)", error.Problems);
        Assert.Contains("the image needs a contributor", error.Problems);

        Assert.Equal(LabelingErrorKind.NotFound, Assert.Throws<LabelingException>(() => _h.Engine.AddImage("lungs", new LabelingItem("x", 1, 1, "c"))).Kind);
        _h.Engine.AddImage("faces", new LabelingItem("x", 100, 100, "c"));
        _h.Engine.AddImage("faces", new LabelingItem("x", 100, 100, "c"));
        Assert.Equal(LabelingErrorKind.Duplicate, Assert.Throws<LabelingException>(() => _h.Engine.AddImage("faces", new LabelingItem("x", 50, 100, "c"))).Kind);
        Assert.Equal(LabelingErrorKind.Invalid, Assert.Throws<LabelingException>(() => _h.Engine.SaveDomain(LabelingHarness.Faces with { QualificationSize = 2 })).Kind);
    }

    [Fact]
    public void AddImage_TheSameContentUnderItsCidV0AndCidV1_IsOneImage()
    {
        const string V0 = "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH";
        var v1 = Core.Content.Cid.Parse(V0).ToV1().ToString();

        var first = _h.Engine.AddImage("faces", new LabelingItem(V0, 100, 100, "c"));
        var again = _h.Engine.AddImage("faces", new LabelingItem(v1, 100, 100, "c"));
        var other = Assert.Throws<LabelingException>(() => _h.Engine.AddImage("faces", new LabelingItem(v1, 100, 100, "someone else")));

        Assert.Equal(V0, first);
        Assert.Equal(V0, again);
        Assert.Equal(LabelingErrorKind.Duplicate, other.Kind);
        Assert.Equal(V0, _h.Engine.Image(v1)!.Item.Id);
        Assert.Equal(1, _h.Engine.Counts("faces").Real);
    }

    [Fact]
    public void Lookups_IdsAndNamesLongerThanAnyKey_AreUnknownWithoutTouchingTheDatabase()
    {
        var huge = new string('x', 5000);

        Assert.Null(_h.Engine.FindDomain(huge));
        Assert.Null(_h.Engine.Image(huge));
        Assert.False(_h.Engine.MayView(huge, "alice", huge));
        Assert.Equal(LabelingErrorKind.NotFound, Assert.Throws<LabelingException>(() => _h.Engine.Submit(huge, "alice", [])).Kind);
        Assert.Equal(LabelingErrorKind.NotFound, Assert.Throws<LabelingException>(() => _h.Engine.RequestBundle(huge, "alice")).Kind);
        Assert.Equal(LabelingErrorKind.Invalid, Assert.Throws<LabelingException>(() => _h.Engine.SaveDomain(LabelingHarness.Faces with { Name = new string('d', 1000) })).Kind);
    }

    public void Dispose() => _h.Dispose();
}
