namespace DataUnion.Storage.Tests.Labeling;

public sealed class TimeZoneTests
{
    [Fact]
    public void LocalTimeZone_WhenTzIsSet_IsThatZoneAndNotUtc()
    {
        // scripts/test.sh runs the labeling tests again with TZ set; a zone the machine lacks would
        // silently fall back to UTC and prove nothing.
        var asked = Environment.GetEnvironmentVariable("TZ");
        if (string.IsNullOrEmpty(asked))
        {
            return;
        }

        Assert.Equal(asked, TimeZoneInfo.Local.Id);
        Assert.NotEqual(TimeSpan.Zero, TimeZoneInfo.Local.GetUtcOffset(TimeProvider.System.GetUtcNow()));
    }
}
