using System.Collections.Concurrent;
using System.Security.Cryptography;
using DataUnion.Core.Security;

namespace DataUnion.Node.Security;

/// <summary>
/// Sign-In with Ethereum state: the nonces this node handed out (single use, 10 minutes) and the
/// sessions of wallets that signed in. Held in memory: a restart signs everyone out.
/// </summary>
public sealed class WalletSessions(TimeProvider time)
{
    /// <summary>Prefix of session tokens, so they are never mistaken for the operator token.</summary>
    public const string TokenPrefix = "dus_";

    /// <summary>How long an issued nonce may be used.</summary>
    public static readonly TimeSpan NonceLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The longest session, whatever the message's expiration time.</summary>
    public static readonly TimeSpan MaxSessionLifetime = TimeSpan.FromHours(24);

    private const int MaxOutstandingNonces = 10_000;
    private const string NonceAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _nonces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WalletSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>A new single-use nonce and when it expires.</summary>
    public (string Nonce, DateTimeOffset ExpiresAt) IssueNonce()
    {
        var now = time.GetUtcNow();
        foreach (var stale in _nonces.Where(n => n.Value <= now).Select(n => n.Key).ToList())
        {
            _nonces.TryRemove(stale, out _);
        }

        if (_nonces.Count >= MaxOutstandingNonces)
        {
            throw new InvalidOperationException("too many sign-ins in progress; try again in a few minutes");
        }

        var nonce = RandomNumberGenerator.GetString(NonceAlphabet, 17);
        var expires = now + NonceLifetime;
        _nonces[nonce] = expires;
        return (nonce, expires);
    }

    /// <summary>Uses up <paramref name="nonce"/>; true when this node issued it and it had not expired.</summary>
    public bool TryConsumeNonce(string nonce) => _nonces.TryRemove(nonce, out var expires) && expires > time.GetUtcNow();

    /// <summary>Opens a session for <paramref name="address"/>; returns its bearer token.</summary>
    public WalletSession Open(string address, DateTimeOffset? messageExpiry)
    {
        var now = time.GetUtcNow();
        var expires = now + MaxSessionLifetime;
        if (messageExpiry is { } limit && limit < expires)
        {
            expires = limit;
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
