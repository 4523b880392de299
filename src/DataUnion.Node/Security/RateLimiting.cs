using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using DataUnion.Node.Apis.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Security;

/// <summary>
/// ASP.NET Core's rate limiter for the endpoints open without credentials: every anonymous
/// endpoint is limited per client address (<see cref="RateLimitOptions.AnonymousPerMinute"/>),
/// sign-in more tightly (<see cref="SignInPolicy"/>). A refused request gets 429 with Retry-After.
/// </summary>
public static class RateLimiting
{
    /// <summary>Policy of the nonce and sign-in endpoints.</summary>
    public const string SignInPolicy = "sign-in";

    /// <summary>Policy of contribution uploads: per wallet, and per client address.</summary>
    public const string UploadPolicy = "uploads";

    /// <summary>Policy of bundle requests and answers: per wallet, and per client address.</summary>
    public const string AnswerPolicy = "answers";

    /// <summary>Policy of relayed claims: per wallet per day.</summary>
    public const string RelayPolicy = "relayed-claims";

    /// <summary>How many /64s' worth of sign-ins one IPv6 /48 may make per minute.</summary>
    public const int SignInSiteFactor = 8;

    /// <summary>Registers the limiter and its settings.</summary>
    public static WebApplicationBuilder AddNodeRateLimits(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, settings) =>
        {
            var limits = settings.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RejectAsync;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsAnonymous(context)
                    ? RateLimitPartition.GetFixedWindowLimiter("anonymous " + ClientKey(context), _ => PerMinute(limits.AnonymousPerMinute))
                    : RateLimitPartition.GetNoLimiter(string.Empty)),
                // Whoever holds an IPv6 /48 holds 65,536 /64s: sign-in is also limited per /48, so
                // one site cannot flush the nonces of everyone else by hopping between its /64s.
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignIn(context) && SiteKey(context) is { } site
                    ? RateLimitPartition.GetFixedWindowLimiter("sign-in site " + site, _ => PerMinute(limits.SignInPerMinute * SignInSiteFactor))
                    : RateLimitPartition.GetNoLimiter(string.Empty)),
                // Member writes are limited per wallet by their policy, and here per client address,
                // so one client cannot multiply its share by signing in with many wallets.
                PartitionedRateLimiter.Create<HttpContext, string>(context => PolicyOf(context) is UploadPolicy or AnswerPolicy
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        PolicyOf(context) + " client " + ClientKey(context),
                        _ => PerMinute((int)Math.Min(int.MaxValue, (long)limits.WalletsPerClientAddress * (PolicyOf(context) == UploadPolicy ? limits.UploadsPerMinute : limits.AnswersPerMinute))))
                    : RateLimitPartition.GetNoLimiter(string.Empty)));
            options.AddPolicy(SignInPolicy, context =>
                RateLimitPartition.GetFixedWindowLimiter("sign-in " + ClientKey(context), _ => PerMinute(limits.SignInPerMinute)));
            options.AddPolicy(UploadPolicy, context =>
                RateLimitPartition.GetFixedWindowLimiter("uploads " + WalletKey(context), _ => PerMinute(limits.UploadsPerMinute)));
            options.AddPolicy(AnswerPolicy, context =>
                RateLimitPartition.GetFixedWindowLimiter("answers " + WalletKey(context), _ => PerMinute(limits.AnswersPerMinute)));
            options.AddPolicy(RelayPolicy, context =>
                RateLimitPartition.GetFixedWindowLimiter("relayed claims " + WalletKey(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.RelayedClaimsPerWalletPerDay,
                    Window = TimeSpan.FromDays(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        });
        return builder;
    }

    /// <summary>
    /// The client's rate-limit key: its IPv4 address, or the /64 of its IPv6 address. From the
    /// connection only: a forwarding header is whatever the client wants it to be.
    /// </summary>
    internal static string ClientKey(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>The /48 of an IPv6 client (one site's allocation), or null for IPv4 clients.</summary>
    internal static string? SiteKey(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null || address.IsIPv4MappedToIPv6 || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 6, 10);
        return new IPAddress(bytes) + "/48";
    }

    private static bool IsSignIn(HttpContext context) => PolicyOf(context) == SignInPolicy;

    private static string? PolicyOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;

    /// <summary>
    /// Before the limiter: for uploads and answers, finds the signed-in wallet the limit counts
    /// against (a request without a valid session is counted by its client address, and then
    /// refused by authorization).
    /// </summary>
    public static WebApplication UseWalletForRateLimits(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            if (PolicyOf(context) is UploadPolicy or AnswerPolicy or RelayPolicy
                && await context.AuthenticateAsync(WalletSessionHandler.SchemeName) is { Succeeded: true, Principal.Identity.Name: { } wallet })
            {
                context.Items[WalletItem] = wallet.ToLowerInvariant();
            }

            await next(context);
        });
        return app;
    }

    private const string WalletItem = "DataUnion.RateLimitWallet";

    /// <summary>The signed-in wallet, else the client address.</summary>
    private static string WalletKey(HttpContext context) =>
        context.Items[WalletItem] is string wallet ? "wallet " + wallet : "client " + ClientKey(context);

    private static bool IsAnonymous(HttpContext context) => Roles.Of(context.GetEndpoint()) == Role.Public;

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await new ApiProblem(StatusCodes.Status429TooManyRequests, "Too many requests",
            [$"{Who(context)} sent more requests than the node accepts per minute; try again in {seconds} s"]).WriteAsync(context).ConfigureAwait(false);
    }

    private static string Who(HttpContext context) =>
        context.Items[WalletItem] is string wallet
            ? $"this wallet ({wallet}) or its client address"
            : "this client address";
}
