using System.Collections.Concurrent;
using DataUnion.Core.Security;

namespace DataUnion.Node.Security;

/// <summary>
/// The sessions of wallets that signed in with Ethereum (the nonces are <see cref="SignInNonces"/>).
/// Held in memory: a restart signs everyone out.
/// </summary>
public sealed class WalletSessions(TimeProvider time)
{
    /// <summary>Prefix of session tokens, so they are never mistaken for the operator token.</summary>
    public const string TokenPrefix = "dus_";

    /// <summary>The longest session, whatever the message's expiration time.</summary>
    public static readonly TimeSpan MaxSessionLifetime = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<string, WalletSession> _sessions = new(StringComparer.Ordinal);
    private int _opened;

    /// <summary>Opens a session for <paramref name="address"/>; returns its bearer token.</summary>
    public WalletSession Open(string address, DateTimeOffset? messageExpiry)
    {
        var now = time.GetUtcNow();
        var expires = now + MaxSessionLifetime;
        if (messageExpiry is { } limit && limit < expires)
        {
            expires = limit;
        }

        if (Interlocked.Increment(ref _opened) % 1024 == 0)
        {
            // Sessions nobody uses again are never looked up, so expired ones are swept now and then.
            foreach (var stale in _sessions.Where(s => s.Value.ExpiresAt <= now).Select(s => s.Key).ToList())
            {
                _sessions.TryRemove(stale, out _);
            }
        }

        var session = new WalletSession(TokenPrefix + Secrets.NewToken(), address, expires);
        _sessions[session.Token] = session;
        return session;
    }

    /// <summary>The live session of <paramref name="token"/>, or null.</summary>
    public WalletSession? Find(string token)
    {
        if (!_sessions.TryGetValue(token, out var session))
        {
            return null;
        }

        if (session.ExpiresAt > time.GetUtcNow())
        {
            return session;
        }

        _sessions.TryRemove(token, out _);
        return null;
    }
}

/// <summary>A signed-in wallet.</summary>
/// <param name="Token">The bearer token.</param>
/// <param name="Address">The checksummed address that signed in.</param>
/// <param name="ExpiresAt">When the session ends.</param>
public sealed record WalletSession(string Token, string Address, DateTimeOffset ExpiresAt);
