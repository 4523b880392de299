using DataUnion.Core.Security;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Security;

/// <summary>
/// The sessions of wallets that signed in with Ethereum (the nonces are <see cref="SignInNonces"/>).
/// Held in memory: a restart signs everyone out. Bounded twice: a wallet holds at most
/// <see cref="MaxPerWallet"/> sessions (its oldest makes room, so only that wallet's own sessions
/// are ever ended early), and the node at most <see cref="RateLimitOptions.MaxSessions"/>; when
/// that is full even after expired sessions are swept, sign-in is refused until some expire.
/// </summary>
public sealed class WalletSessions(TimeProvider time, IOptions<RateLimitOptions> options)
{
    /// <summary>Prefix of session tokens, so they are never mistaken for the operator token.</summary>
    public const string TokenPrefix = "dus_";

    /// <summary>Sessions one wallet holds at once (browsers, devices).</summary>
    public const int MaxPerWallet = 16;

    /// <summary>The longest session, whatever the message's expiration time.</summary>
    public static readonly TimeSpan MaxSessionLifetime = TimeSpan.FromHours(24);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, WalletSession> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<WalletSession>> _byWallet = new(StringComparer.OrdinalIgnoreCase);
    private DateTimeOffset _nextSweep;

    /// <summary>Live and not yet swept sessions.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Opens a session for <paramref name="address"/>; returns its bearer token.</summary>
    /// <exception cref="SessionsFullException">The node holds as many sessions as it allows.</exception>
    public WalletSession Open(string address, DateTimeOffset? messageExpiry)
    {
        var now = time.GetUtcNow();
        var expires = now + MaxSessionLifetime;
        if (messageExpiry is { } limit && limit < expires)
        {
            expires = limit;
        }

        var session = new WalletSession(TokenPrefix + Secrets.NewToken(), address, expires);
        lock (_lock)
        {
            if (now >= _nextSweep || _sessions.Count >= options.Value.MaxSessions)
            {
                // Sessions nobody uses again are never looked up, so expired ones are swept now and then.
                Sweep(now);
            }

            if (!_byWallet.TryGetValue(address, out var mine))
            {
                if (_sessions.Count >= options.Value.MaxSessions)
                {
                    throw new SessionsFullException(options.Value.MaxSessions);
                }

                mine = [];
                _byWallet[address] = mine;
            }
            else if (mine.Count >= MaxPerWallet)
            {
                _sessions.Remove(mine[0].Token);
                mine.RemoveAt(0);
            }
            else if (_sessions.Count >= options.Value.MaxSessions)
            {
                throw new SessionsFullException(options.Value.MaxSessions);
            }

            mine.Add(session);
            _sessions[session.Token] = session;
        }

        return session;
    }

    /// <summary>The live session of <paramref name="token"/>, or null.</summary>
    public WalletSession? Find(string token)
    {
        lock (_lock)
        {
            if (!_sessions.TryGetValue(token, out var session))
            {
                return null;
            }

            if (session.ExpiresAt > time.GetUtcNow())
            {
                return session;
            }

            Remove(session);
            return null;
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var stale in _sessions.Values.Where(s => s.ExpiresAt <= now).ToList())
        {
            Remove(stale);
        }

        _nextSweep = now + TimeSpan.FromMinutes(1);
    }

    private void Remove(WalletSession session)
    {
        _sessions.Remove(session.Token);
        if (_byWallet.TryGetValue(session.Address, out var mine))
        {
            mine.Remove(session);
            if (mine.Count == 0)
            {
                _byWallet.Remove(session.Address);
            }
        }
    }
}

/// <summary>A signed-in wallet.</summary>
/// <param name="Token">The bearer token.</param>
/// <param name="Address">The checksummed address that signed in.</param>
/// <param name="ExpiresAt">When the session ends.</param>
public sealed record WalletSession(string Token, string Address, DateTimeOffset ExpiresAt);
