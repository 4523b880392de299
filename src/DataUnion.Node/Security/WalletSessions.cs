using System.Security.Cryptography;
using System.Text;
using DataUnion.Core.Security;
using DataUnion.Storage.Sessions;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Security;

/// <summary>
/// The sessions of wallets that signed in with Ethereum (the nonces are <see cref="SignInNonces"/>).
/// Stored in the node database under the hash of their token (<see cref="LiteDbSessionStore"/>),
/// so they survive a restart and end at their expiry or at sign-out. Bounded twice: a wallet holds
/// at most <see cref="MaxPerWallet"/> sessions (its oldest makes room, so only that wallet's own
/// sessions are ever ended early), and the node at most <see cref="RateLimitOptions.MaxSessions"/>;
/// when that is full even after expired sessions are swept, sign-in is refused until some expire.
/// </summary>
public sealed class WalletSessions(LiteDbSessionStore store, TimeProvider time, IOptions<RateLimitOptions> options)
{
    /// <summary>Prefix of session tokens, so they are never mistaken for the operator token.</summary>
    public const string TokenPrefix = "dus_";

    /// <summary>Sessions one wallet holds at once (browsers, devices).</summary>
    public const int MaxPerWallet = 16;

    /// <summary>The longest session, whatever the message's expiration time.</summary>
    public static readonly TimeSpan MaxSessionLifetime = TimeSpan.FromHours(24);

    private readonly Lock _lock = new();
    private DateTimeOffset _nextSweep;

    /// <summary>Sessions stored (live, and expired ones not yet swept).</summary>
    public int Count => store.Count();

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
            if (now >= _nextSweep || store.Count() >= options.Value.MaxSessions)
            {
                // Sessions nobody uses again are never looked up, so expired ones are swept now and then.
                store.DeleteExpired(now);
                _nextSweep = now + TimeSpan.FromMinutes(1);
            }

            var mine = store.OfWallet(address);
            if (mine.Count >= MaxPerWallet)
            {
                store.Delete(mine[0].TokenHash);
            }
            else if (store.Count() >= options.Value.MaxSessions)
            {
                throw new SessionsFullException(options.Value.MaxSessions);
            }

            store.Add(new StoredSession(Hash(session.Token), address, now, expires, mine.Count == 0 ? 0 : mine[^1].Sequence + 1));
        }

        return session;
    }

    /// <summary>The live session of <paramref name="token"/>, or null.</summary>
    public WalletSession? Find(string token)
    {
        var hash = Hash(token);
        if (store.Find(hash) is not { } stored)
        {
            return null;
        }

        if (stored.Expires > time.GetUtcNow())
        {
            return new WalletSession(token, stored.Address, stored.Expires);
        }

        store.Delete(hash);
        return null;
    }

    /// <summary>Ends the session of <paramref name="token"/>; false when it was not open.</summary>
    public bool SignOut(string token) => store.Delete(Hash(token));

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

/// <summary>A signed-in wallet.</summary>
/// <param name="Token">The bearer token.</param>
/// <param name="Address">The checksummed address that signed in.</param>
/// <param name="ExpiresAt">When the session ends.</param>
public sealed record WalletSession(string Token, string Address, DateTimeOffset ExpiresAt);
