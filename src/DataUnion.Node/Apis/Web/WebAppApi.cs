using DataUnion.Chain.Connection;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Hosting;
using DataUnion.Node.Security;
using DataUnion.Storage.Labeling;
using Microsoft.Net.Http.Headers;

namespace DataUnion.Node.Apis.Web;

/// <summary>
/// Serves the web app at <c>/</c> from the node's own port, same origin as the API: its page,
/// its built scripts and styles under <c>/assets/</c>, and <c>/api/v1/app</c>, what the page
/// needs to know before anyone signs in. Every answer carries a strict Content-Security-Policy:
/// scripts, styles and connections from this origin only, no inline script, no framing.
/// </summary>
public static class WebAppApi
{
    /// <summary>The Content-Security-Policy of every page and asset.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string ImmutableCaching = "public, max-age=31536000, immutable";

    /// <summary>Maps <c>/</c>, <c>/assets/*</c> and <c>/api/v1/app</c>.</summary>
    public static WebApplication MapWebApp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var assets = WebAssets.Load(Path.Combine(AppContext.BaseDirectory, WebAssets.FolderName));
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebAppApi)).Log(
            assets.IsBuilt ? LogLevel.Debug : LogLevel.Warning,
            assets.IsBuilt ? "Web app: {Count} files from {Folder}" : "Web app not built: {Folder} has no index.html ({Count} files); run scripts/bootstrap.sh",
            assets.Files.Count, assets.Folder);

        app.MapGet("/", (HttpContext context) => ServeAsync(context, assets, "index.html", "no-cache"))
            .ForPublic().ExcludeFromDescription();
        app.MapGet("/assets/{**path}", (HttpContext context, string path) => ServeAsync(context, assets, "assets/" + path, ImmutableCaching))
            .ForPublic().ExcludeFromDescription();
        app.MapGet("/api/v1/app", Config).ForPublic().WithTags("Web app")
            .WithSummary("What the web app needs before sign-in: the public origin and SIWE domain, the chain id and market of the deployment, and the labeling domains with their classes.");
        return app;
    }

    private static AppConfig Config(PublicOrigin origin, ChainConnection chain, LabelingEngine labeling) => new(
        origin.Uri.GetLeftPart(UriPartial.Authority),
        origin.Domain,
        chain.IsEstablished ? chain.Deployment.ChainId : null,
        chain.IsEstablished ? chain.Deployment.GetContract("DatasetMarket").Address : null,
        [.. labeling.Domains().Select(d => new AppDomain(d.Name, [.. d.Classes.Keys.Order(StringComparer.Ordinal)]))]);

    private static async Task ServeAsync(HttpContext context, WebAssets assets, string path, string caching)
    {
        var response = context.Response;
        SetSecurityHeaders(response.Headers);
        if (assets.Find(path) is not { } asset)
        {
            var problem = assets.IsBuilt
                ? ApiProblem.Of(StatusCodes.Status404NotFound, $"the web app has no file '{path}'")
                : ApiProblem.Of(StatusCodes.Status503ServiceUnavailable, "the web app was not built: run scripts/bootstrap.sh, which builds it with the project's esbuild into the node's web folder");
            await problem.WriteAsync(context);
            return;
        }

        response.Headers.CacheControl = caching;
        response.Headers.ETag = asset.ETag;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = asset.ContentType;
        var accepted = context.Request.GetTypedHeaders().AcceptEncoding;
        var body = asset.Bytes;
        if (asset.Brotli is not null && Accepts(accepted, "br"))
        {
            response.Headers.ContentEncoding = "br";
            body = asset.Brotli;
        }
        else if (asset.Gzip is not null && Accepts(accepted, "gzip"))
        {
            response.Headers.ContentEncoding = "gzip";
            body = asset.Gzip;
        }

        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    private static bool Accepts(IList<StringWithQualityHeaderValue> accepted, string encoding) =>
        accepted.Any(a => string.Equals(a.Value.Value, encoding, StringComparison.OrdinalIgnoreCase) && (a.Quality ?? 1) > 0);

    private static void SetSecurityHeaders(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
    }

    /// <summary>Answer of <c>GET /api/v1/app</c>.</summary>
    /// <param name="Origin">The node's public origin: sign-in works only on a page opened there.</param>
    /// <param name="SiweDomain">The domain a SIWE message must name.</param>
    /// <param name="ChainId">The deployment's chain id (null until the chain is known).</param>
    /// <param name="Market">The dataset market's address (null until the chain is known).</param>
    /// <param name="Domains">The labeling domains, with their classes.</param>
    public sealed record AppConfig(string Origin, string SiweDomain, long? ChainId, string? Market, IReadOnlyList<AppDomain> Domains);

    /// <summary>A labeling domain as the web app shows it.</summary>
    /// <param name="Name">Its name.</param>
    /// <param name="Classes">Its classes.</param>
    public sealed record AppDomain(string Name, IReadOnlyList<string> Classes);
}
