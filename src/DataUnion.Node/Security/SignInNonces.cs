using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Security;

/// <summary>
/// The Sign-In with Ethereum nonces this node handed out: single use, valid for
/// <see cref="Lifetime"/>, at most <see cref="RateLimitOptions.MaxPendingNonces"/> at once. When
/// full, the oldest unused nonce makes room: a flood of nonce requests can only push out nonces
/// older than its own, and never makes issuing fail.
/// </summary>
public sealed class SignInNonces(TimeProvider time, IOptions<RateLimitOptions> options)
{
    /// <summary>How long an issued nonce may be used.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<(string Nonce, DateTimeOffset ExpiresAt)>> _byNonce = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Nonce, DateTimeOffset ExpiresAt)> _oldestFirst = new();

    /// <summary>Nonces issued and not yet used or expired (expired ones are dropped as new ones are issued).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byNonce.Count;
            }
        }
    }

    /// <summary>A new single-use nonce and when it expires.</summary>
    public (string Nonce, DateTimeOffset ExpiresAt) Issue()
    {
        var now = time.GetUtcNow();
        var nonce = RandomNumberGenerator.GetString(Alphabet, 17);
        var expires = now + Lifetime;
        lock (_lock)
        {
            // Every nonce lives equally long, so the oldest is always the first to expire.
            while (_oldestFirst.First is { } oldest && (oldest.Value.ExpiresAt <= now || _byNonce.Count >= options.Value.MaxPendingNonces))
            {
                Remove(oldest);
            }

            _byNonce[nonce] = _oldestFirst.AddLast((nonce, expires));
        }

        return (nonce, expires);
    }

    /// <summary>Uses up <paramref name="nonce"/>; true when this node issued it, it was unused and it had not expired.</summary>
    public bool TryConsume(string nonce)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        lock (_lock)
        {
            if (!_byNonce.TryGetValue(nonce, out var node))
            {
                return false;
            }

            Remove(node);
            return node.Value.ExpiresAt > time.GetUtcNow();
        }
    }

    private void Remove(LinkedListNode<(string Nonce, DateTimeOffset ExpiresAt)> node)
    {
        _oldestFirst.Remove(node);
        _byNonce.Remove(node.Value.Nonce);
    }
}
