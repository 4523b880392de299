using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DataUnion.Node.Security;

/// <summary>
/// Operator sessions of the web app: opened once with the operator token, then carried by an
/// HttpOnly, SameSite=Strict cookie that scripts cannot read, with a CSRF token the page sends
/// in a header on every request that changes something. Kept in memory: a restart signs the
/// operator out. At most <see cref="MaxSessions"/> at once; the oldest makes room.
/// </summary>
public sealed class OperatorSessions(TimeProvider time)
{
    /// <summary>The cookie's name.</summary>
    public const string CookieName = "dataunion_operator";

    /// <summary>The header that carries the CSRF token.</summary>
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>How long a session lasts.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    /// <summary>Most sessions at once.</summary>
    public const int MaxSessions = 64;

    private readonly ConcurrentDictionary<string, OperatorSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Opens a session.</summary>
    public OperatorSession Open()
    {
        var now = time.GetUtcNow();
        foreach (var expired in _sessions.Where(s => s.Value.ExpiresAt <= now).Select(s => s.Key).ToList())
        {
            _sessions.TryRemove(expired, out _);
        }

        while (_sessions.Count >= MaxSessions && _sessions.OrderBy(s => s.Value.ExpiresAt).FirstOrDefault() is { Key: not null } oldest)
        {
            _sessions.TryRemove(oldest.Key, out _);
        }

        var session = new OperatorSession(Random(), Random(), now + Lifetime);
        _sessions[session.Id] = session;
        return session;
    }

    /// <summary>The live session with <paramref name="id"/>, or null.</summary>
    public OperatorSession? Find(string id) =>
        _sessions.TryGetValue(id, out var session) && session.ExpiresAt > time.GetUtcNow() ? session : null;

    /// <summary>Ends the session.</summary>
    public void End(string id) => _sessions.TryRemove(id, out _);

    private static string Random() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>An operator session.</summary>
/// <param name="Id">The cookie's value.</param>
/// <param name="Csrf">The token the page sends in <see cref="OperatorSessions.CsrfHeader"/>.</param>
/// <param name="ExpiresAt">When it ends.</param>
public sealed record OperatorSession(string Id, string Csrf, DateTimeOffset ExpiresAt);
