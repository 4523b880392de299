using System.ComponentModel.DataAnnotations;

namespace DataUnion.Node.Security;

/// <summary>
/// Settings of the <c>RateLimits</c> section: how many requests one client address may make to the
/// endpoints open without credentials. A client over its limit gets 429 with <c>Retry-After</c>.
/// Client addresses come from the connection, never from forwarding headers; IPv6 clients are
/// counted per /64, the block one subscriber usually holds.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "RateLimits";

    /// <summary>Nonce and sign-in requests per client address per minute (a sign-in takes two). Default 60.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:SignInPerMinute must be between 1 and 1000000")]
    public int SignInPerMinute { get; set; } = 60;

    /// <summary>Requests per client address per minute to the other anonymous endpoints (health, API description, public gateway). Default 600.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:AnonymousPerMinute must be between 1 and 1000000")]
    public int AnonymousPerMinute { get; set; } = 600;

    /// <summary>
    /// Sign-in nonces held at once. When full, the oldest unused nonce makes room, so a flood delays
    /// only the sign-ins it overtakes and never fails the others. Default 10,000.
    /// </summary>
    [Range(1, 10_000_000, ErrorMessage = "RateLimits:MaxPendingNonces must be between 1 and 10000000")]
    public int MaxPendingNonces { get; set; } = 10_000;

    /// <summary>
    /// Wallet sessions held at once. When full, sign-in answers 503 until sessions expire; sessions
    /// already open are never ended to make room. Default 100,000.
    /// </summary>
    [Range(1, 10_000_000, ErrorMessage = "RateLimits:MaxSessions must be between 1 and 10000000")]
    public int MaxSessions { get; set; } = 100_000;

    /// <summary>Upload requests per wallet per minute (one request may carry several images). Default 60.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:UploadsPerMinute must be between 1 and 1000000")]
    public int UploadsPerMinute { get; set; } = 60;

    /// <summary>Gasless claims the node relays for one wallet per day (the gas is the operator's). Default 10.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:RelayedClaimsPerWalletPerDay must be between 1 and 1000000")]
    public int RelayedClaimsPerWalletPerDay { get; set; } = 10;

    /// <summary>Bundle requests and answer submissions per wallet per minute. Default 120.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:AnswersPerMinute must be between 1 and 1000000")]
    public int AnswersPerMinute { get; set; } = 120;

    /// <summary>
    /// How many wallets' worth of uploads and answers one client address may send: several members
    /// can share an address behind one router. Default 4.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "RateLimits:WalletsPerClientAddress must be between 1 and 10000")]
    public int WalletsPerClientAddress { get; set; } = 4;

    /// <summary>Sign-ins of one wallet per minute, counted once the signature checks out. Default 10.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:SignInsPerWalletPerMinute must be between 1 and 1000000")]
    public int SignInsPerWalletPerMinute { get; set; } = 10;
}
