using DataUnion.Node.Security;
using DataUnion.Storage;
using DataUnion.Storage.Sessions;
using DataUnion.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DataUnion.Node.Tests.Security;

/// <summary>Wallet sessions are bounded per wallet and per node, and a bound never ends someone else's session.</summary>
public sealed class WalletSessionsTests : IDisposable
{
    private const string Alice = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private const string Bob = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
    private readonly TempDirectory _directory = new();
    private readonly NodeDatabase _database;

    public WalletSessionsTests() => _database = NodeDatabase.Open(_directory.Combine("node.db"), _time);

    private WalletSessions Sessions(int maxSessions = 100) =>
        new(new LiteDbSessionStore(_database), _time, Options.Create(new RateLimitOptions { MaxSessions = maxSessions }));

    [Fact]
    public void Open_MoreThanAWalletHolds_EndsThatWalletsOldestOnly()
    {
        var sessions = Sessions();
        var bobs = sessions.Open(Bob, null);
        var alices = Enumerable.Range(0, WalletSessions.MaxPerWallet + 1).Select(_ => sessions.Open(Alice, null)).ToList();

        Assert.Null(sessions.Find(alices[0].Token));
        Assert.All(alices.Skip(1), s => Assert.NotNull(sessions.Find(s.Token)));
        Assert.NotNull(sessions.Find(bobs.Token));
        Assert.Equal(WalletSessions.MaxPerWallet + 1, sessions.Count);
    }

    [Fact]
    public void Open_NodeFull_IsRefused_AndTheOpenSessionsStay()
    {
        var sessions = Sessions(maxSessions: 2);
        var first = sessions.Open(Alice, null);
        var second = sessions.Open(Alice, null);

        var refused = Assert.Throws<SessionsFullException>(() => sessions.Open(Bob, null));

        Assert.Contains("RateLimits:MaxSessions", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(sessions.Find(first.Token));
        Assert.NotNull(sessions.Find(second.Token));
    }

    [Fact]
    public void Open_NodeFullOfExpiredSessions_SweepsThemAndOpens()
    {
        var sessions = Sessions(maxSessions: 2);
        sessions.Open(Alice, _time.GetUtcNow().AddMinutes(5));
        sessions.Open(Alice, _time.GetUtcNow().AddMinutes(5));
        _time.Advance(TimeSpan.FromMinutes(6));

        var bobs = sessions.Open(Bob, null);

        Assert.NotNull(sessions.Find(bobs.Token));
        Assert.Equal(1, sessions.Count);
    }

    [Fact]
    public void Find_ExpiredSession_IsNull()
    {
        var sessions = Sessions();
        var session = sessions.Open(Alice, _time.GetUtcNow().AddMinutes(1));
        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Null(sessions.Find(session.Token));
        Assert.Equal(0, sessions.Count);
    }

    [Fact]
    public void SignOut_EndsThatSessionOnly()
    {
        var sessions = Sessions();
        var phone = sessions.Open(Alice, null);
        var laptop = sessions.Open(Alice, null);

        Assert.True(sessions.SignOut(phone.Token));
        Assert.False(sessions.SignOut(phone.Token));
        Assert.Null(sessions.Find(phone.Token));
        Assert.NotNull(sessions.Find(laptop.Token));
    }

    [Fact]
    public void Sessions_AreStoredByTheHashOfTheirToken_NeverTheToken()
    {
        var session = Sessions().Open(Alice, null);

        var stored = _database.Database.GetCollection("wallet_sessions").FindAll().Single();

        Assert.DoesNotContain(session.Token, stored.ToString(), StringComparison.Ordinal);
        Assert.Equal(64, stored["_id"].AsString.Length);
    }

    public void Dispose()
    {
        _database.Dispose();
        _directory.Dispose();
    }
}
