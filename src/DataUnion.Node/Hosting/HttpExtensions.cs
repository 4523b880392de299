using System.Net;
using DataUnion.Node.Apis;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;

namespace DataUnion.Node.Hosting;

/// <summary>Kestrel binding, body limits, ProblemDetails and request logging.</summary>
public static class HttpExtensions
{
    private static readonly string[] IgnoredUrlSettings = ["urls", "http_ports", "https_ports"];

    /// <summary>
    /// Refuses the generic ASP.NET address settings, so nothing can open a port around the
    /// loopback and authentication checks of <see cref="HttpOptions"/>.
    /// </summary>
    public static void RefuseGenericUrlSettings(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var key in IgnoredUrlSettings)
        {
            if (!string.IsNullOrWhiteSpace(configuration[key]))
            {
                throw new NodeStartupException(
                    $"the ASP.NET setting '{key}' (ASPNETCORE_URLS, --urls) is not used by this node; set Http:BindAddress and Http:Port");
            }
        }

        if (configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            throw new NodeStartupException("Kestrel:Endpoints is not used by this node; set Http:BindAddress and Http:Port");
        }
    }

    /// <summary>Binds Kestrel to <c>Http:BindAddress</c>:<c>Http:Port</c> only, with the body size limit; problem details; the public origin.</summary>
    public static WebApplicationBuilder AddNodeHttp(this WebApplicationBuilder builder, DataDirectory dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        builder.Services.AddOptions<HttpOptions>()
            .BindConfiguration(HttpOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<HttpOptions>>((kestrel, http) =>
            {
                kestrel.Listen(http.Value.ParsedBindAddress, http.Value.Port);
                kestrel.Limits.MaxRequestBodySize = http.Value.MaxRequestBodyBytes;
                kestrel.AddServerHeader = false;
            });
        // ASP.NET's data protection keys stay in the data directory (owner-only), not in ~/.aspnet.
        builder.Services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory.KeystoreDirectory, "data-protection")))
            .SetApplicationName("DataUnionNode");
        builder.Services.AddNodeProblems();
        builder.Services.AddCors();
        builder.Services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<HttpOptions>>((cors, http) =>
        {
            if (http.Value.CorsOrigins.Length > 0)
            {
                cors.AddDefaultPolicy(policy => policy
                    .WithOrigins([.. http.Value.CorsOrigins.Select(o => o.TrimEnd('/'))])
                    .WithHeaders("Authorization", "Content-Type")
                    .WithMethods("GET", "POST", "PUT", "DELETE")
                    .WithExposedHeaders("Retry-After", "Location")
                    .SetPreflightMaxAge(TimeSpan.FromMinutes(10)));
            }
        });
        builder.Services.AddSingleton<PublicOrigin>();
        builder.Services.AddOpenApi(options => options.AddOperationTransformer((operation, context, _) =>
        {
            // Every operation says who may call it, from the role its endpoint declares.
            var role = context.Description.ActionDescriptor.EndpointMetadata.OfType<Security.RoleMetadata>().LastOrDefault()?.Role;
            var who = role switch
            {
                Security.Role.Public => "Role: public (no credentials).",
                Security.Role.Member => "Role: member (a wallet session from Sign-In with Ethereum, as a bearer token).",
                _ => "Role: operator (the operator token, as a bearer token).",
            };
            operation.Description = string.IsNullOrEmpty(operation.Description) ? who : who + " " + operation.Description;
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>Request logging, ProblemDetails for errors and status codes, request guards, rate limits, authentication.</summary>
    public static WebApplication UseNodeHttp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var proxies = app.Services.GetRequiredService<IOptions<HttpOptions>>().Value.TrustedProxies;
        if (proxies.Length > 0)
        {
            // Only the client address, and only from the configured proxies: the defaults would also
            // trust loopback, and the origin (host, scheme) always comes from Http:PublicOrigin.
            var forwarding = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 1 };
            forwarding.KnownIPNetworks.Clear();
            forwarding.KnownProxies.Clear();
            foreach (var proxy in proxies)
            {
                forwarding.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            app.UseForwardedHeaders(forwarding);
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Logs method, path (no query string), status and time; never headers, so no token.
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.GetLevel = RequestLogLevel;
        });
        app.UseRequestGuards();
        // Before authentication: a preflight carries no token. Without Http:CorsOrigins there is
        // no policy, and no answer gets CORS headers.
        app.UseCors();
        app.UseWalletForRateLimits();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAuditLog();
        return app;
    }

    // Probes hit /health every few seconds: log them only when they fail, or at Debug.
    private static LogEventLevel RequestLogLevel(HttpContext context, double elapsedMilliseconds, Exception? exception)
    {
        if (exception is not null || context.Response.StatusCode >= StatusCodes.Status500InternalServerError)
        {
            return LogEventLevel.Error;
        }

        return context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal) ? LogEventLevel.Debug : LogEventLevel.Information;
    }
}
