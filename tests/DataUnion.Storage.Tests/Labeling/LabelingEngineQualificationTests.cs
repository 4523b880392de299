using DataUnion.Core.Labeling;

namespace DataUnion.Storage.Tests.Labeling;

public sealed class LabelingEngineQualificationTests : IDisposable
{
    private readonly LabelingHarness _h = new();

    [Fact]
    public void RequestBundle_NewLabeler_GetsOnlyQualificationGold()
    {
        _h.AddGold(5);
        _h.AddReal(5);

        var bundle = _h.Engine.RequestBundle("faces", "alice");

        Assert.Equal(3, bundle.Items.Count);
        Assert.All(bundle.Items, i => Assert.StartsWith("g", i.Image));
        Assert.Equal(bundle.IssuedAt + _h.Options.BundleTimeout, bundle.ExpiresAt);
    }

    [Fact]
    public void Submit_GoodQualificationAnswers_QualifiesAndRaisesGoldAccuracy()
    {
        _h.AddGold(5);

        _h.Qualify("alice");

        var status = _h.Engine.Labeler("faces", "alice");
        Assert.Equal(QualificationState.Qualified, status.Qualification.State);
        Assert.Equal(3, status.Reputation.Gold.Answers);
        Assert.Equal((2 + 3) / 7.0, status.Reputation.Gold.Accuracy, 6);
    }

    [Fact]
    public void Submit_PoorQualificationAnswers_LocksTheDomainUntilTheCooldownEnds()
    {
        _h.AddGold(8);
        var bundle = _h.Engine.RequestBundle("faces", "bob");

        var receipt = _h.Answer(bundle, LabelingHarness.Nothing(bundle));

        Assert.False(receipt.GoldPassed);
        Assert.Equal(QualificationState.Locked, receipt.Labeler.Qualification.State);
        var refused = Assert.Throws<LabelingException>(() => _h.Engine.RequestBundle("faces", "bob"));
        Assert.Equal(LabelingErrorKind.Refused, refused.Kind);
        Assert.Contains("failed the qualification of domain 'faces'", refused.Message);

        _h.Time.Advance(LabelingHarness.Faces.QualificationCooldown);
        var again = _h.Engine.RequestBundle("faces", "bob");
        Assert.Equal(3, again.Items.Count);
        Assert.DoesNotContain(again.Items, i => bundle.Items.Any(seen => seen.Image == i.Image));
    }

    [Fact]
    public void RequestBundle_NotEnoughUnseenGold_SaysTheOperatorMustAddGold()
    {
        _h.AddGold(2);

        var error = Assert.Throws<LabelingException>(() => _h.Engine.RequestBundle("faces", "carol"));

        Assert.Equal(LabelingErrorKind.NoWork, error.Kind);
        Assert.Contains("too little gold", error.Message);
    }

    [Fact]
    public void State_SurvivesReopeningTheDatabase()
    {
        _h.AddGold(5);
        _h.AddReal(3);
        _h.Qualify("alice");
        var bundle = _h.Engine.RequestBundle("faces", "alice");

        _h.Reopen();

        Assert.Equal(QualificationState.Qualified, _h.Engine.Labeler("faces", "alice").Qualification.State);
        Assert.Equal(LabelingHarness.Faces, _h.Engine.FindDomain("faces")! with { Classes = LabelingHarness.Faces.Classes });
        Assert.Equal(bundle.Id, _h.Engine.RequestBundle("faces", "alice").Id);
        Assert.Equal(["alice"], _h.Engine.Image(bundle.Items.First(i => i.Image.StartsWith('r')).Image)!.Labelers);
    }

    public void Dispose() => _h.Dispose();
}
