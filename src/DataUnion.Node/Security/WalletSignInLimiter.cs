using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Security;

/// <summary>
/// Sign-ins per wallet per minute (<see cref="RateLimitOptions.SignInsPerWalletPerMinute"/>),
/// counted only once a signature checks out: an unsigned claim to be some wallet cannot use up
/// that wallet's sign-ins.
/// </summary>
public sealed class WalletSignInLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    /// <summary>Creates the limiter from the settings.</summary>
    public WalletSignInLimiter(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var permits = options.Value.SignInsPerWalletPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(wallet => RateLimitPartition.GetFixedWindowLimiter(wallet, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Takes one sign-in of <paramref name="wallet"/>; null when allowed, else how long to wait.</summary>
    public TimeSpan? TryTake(string wallet)
    {
        ArgumentNullException.ThrowIfNull(wallet);
        using var lease = _limiter.AttemptAcquire(wallet.ToLowerInvariant());
        return lease.IsAcquired ? null
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}
