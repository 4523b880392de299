using DataUnion.Core.Labeling;

namespace DataUnion.Core.Tests.Labeling;

public sealed class StandingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly SanctionPolicy Policy = new();

    [Fact]
    public void AfterGold_FewerThanThreeAnswers_NeverSuspendsHoweverBad()
    {
        var gold = GoldAccuracy.None(Now).With(false, Now, TimeSpan.FromDays(30)).With(false, Now, TimeSpan.FromDays(30));

        Assert.Equal(Standing.Clean, Standing.Clean.AfterGold(gold, passed: false, Policy, Now));
    }

    [Fact]
    public void AfterGold_ThirdFailure_Suspends_AndThePassedAnswerNever()
    {
        var gold = GoldAccuracy.None(Now);
        for (var i = 0; i < 3; i++)
        {
            gold = gold.With(false, Now, TimeSpan.FromDays(30));
        }

        var suspended = Standing.Clean.AfterGold(gold, passed: false, Policy, Now);

        Assert.Equal(StandingState.Suspended, suspended.State);
        Assert.Equal(Now + Policy.SuspensionLength, suspended.Until);
        Assert.Contains("gold accuracy 0.29 after 3 gold answers", suspended.Reason);
        Assert.Equal(Standing.Clean, Standing.Clean.AfterGold(gold, passed: true, Policy, Now));
        Assert.Null(suspended.Refusal(Now + Policy.SuspensionLength));
        Assert.StartsWith("suspended until", suspended.Refusal(Now));
    }

    [Fact]
    public void WithStrike_ThirdStrikeSuspends_ThirdSuspensionBans()
    {
        var standing = Standing.Clean;
        var at = Now;
        for (var i = 0; i < 9; i++)
        {
            standing = standing.WithStrike("too fast", Policy, at);
            if (standing.State == StandingState.Suspended)
            {
                at += Policy.SuspensionLength;
            }
        }

        Assert.Equal(StandingState.Banned, standing.State);
        Assert.Equal(3, standing.Suspensions);
        Assert.Equal("banned from the domain: 3 suspensions, the last for 3 strikes, the last: too fast", standing.Refusal(at + TimeSpan.FromDays(365)));
    }

    [Fact]
    public void WithStrike_WhileSuspended_ChangesNothing_SoABurstCannotBan()
    {
        var standing = Standing.Clean;
        for (var i = 0; i < 3; i++)
        {
            standing = standing.WithStrike("duplicate", Policy, Now);
        }

        var burst = standing;
        for (var i = 0; i < 20; i++)
        {
            burst = burst.WithStrike("duplicate", Policy, Now + TimeSpan.FromSeconds(i));
        }

        Assert.Equal(StandingState.Suspended, standing.State);
        Assert.Equal(standing, burst);
        Assert.Equal(1, burst.Suspensions);
    }

    [Fact]
    public void SanctionPolicy_JudgingOnFewerThanThreeGoldAnswers_IsAProblem()
    {
        Assert.Contains("nobody may be judged on fewer than 3 gold answers, got 2", new SanctionPolicy { MinGoldAnswers = 2 }.Problems());
        Assert.Empty(Policy.Problems());
        Assert.Contains("a bundle needs at least 2 items (one gold, one real), got 1", new LabelingOptions { BundleSize = 1 }.Problems());
    }

    [Fact]
    public void OperatorSuspension_CountsTowardsABan_AndLiftingTakesItBack()
    {
        var suspended = Standing.Clean.SuspendedByOperator("spam answers", Now.AddDays(2), Policy, Now);
        var again = suspended.SuspendedByOperator("still spam", Now.AddDays(3), Policy, Now);
        var lifted = suspended.Lifted(Now);

        Assert.Equal((StandingState.Suspended, 1), (suspended.State, suspended.Suspensions));
        Assert.Equal(Now.AddDays(2), suspended.Until);
        Assert.Contains("spam answers", suspended.Refusal(Now), StringComparison.Ordinal);
        Assert.Equal((StandingState.Suspended, 1, Now.AddDays(3)), (again.State, again.Suspensions, again.Until));
        Assert.Equal((StandingState.Active, 0), (lifted.State, lifted.Suspensions));
        Assert.Null(lifted.Refusal(Now));
        Assert.Same(Standing.Clean, Standing.Clean.Lifted(Now));
    }

    [Fact]
    public void OperatorSuspension_OfOneOverTheLimit_Bans_AndABanIsFinal()
    {
        var record = new Standing(StandingState.Active, null, null, 0, Policy.BanAfterSuspensions - 1);

        var banned = record.SuspendedByOperator("fraud", Now.AddDays(1), Policy, Now);

        Assert.Equal(StandingState.Banned, banned.State);
        Assert.Equal(banned, banned.SuspendedByOperator("again", Now.AddDays(1), Policy, Now));
        Assert.Throws<InvalidOperationException>(() => banned.Lifted(Now));
    }
}
