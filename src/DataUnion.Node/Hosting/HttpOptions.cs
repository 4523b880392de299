using System.ComponentModel.DataAnnotations;
using System.Net;
using DataUnion.Core.Hosting;

namespace DataUnion.Node.Hosting;

/// <summary>Settings of the <c>Http</c> configuration section.</summary>
public sealed class HttpOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Http";

    /// <summary>Shortest operator token accepted, in characters.</summary>
    public const int MinimumTokenLength = 32;

    /// <summary>
    /// IP address the API listens on. Default <c>127.0.0.1</c>. Any non-loopback address needs
    /// <see cref="OperatorToken"/> or <see cref="OperatorTokenFile"/>.
    /// </summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one. Default 5080.</summary>
    [Range(0, 65535, ErrorMessage = "Http:Port must be 0 (any free port) or 1-65535")]
    public int Port { get; set; } = NodeDefaults.Port;

    /// <summary>Bearer token for operator endpoints, at least 32 characters. Prefer <see cref="OperatorTokenFile"/>.</summary>
    public string? OperatorToken { get; set; }

    /// <summary>File whose first line is the operator token.</summary>
    public string? OperatorTokenFile { get; set; }

    /// <summary>
    /// The origin members reach this node at, as <c>scheme://host[:port]</c> (for example
    /// <c>https://union.example.org</c> behind a TLS proxy). Sign-In with Ethereum messages must name
    /// its host as their domain, and pinning-service answers name it as the delegate; neither is
    /// ever taken from a request's Host header. Default: the bound loopback address and port.
    /// Required when <see cref="BindAddress"/> is not loopback.
    /// </summary>
    public string? PublicOrigin { get; set; }

    /// <summary>
    /// Addresses of reverse proxies in front of the node (for example <c>127.0.0.1</c> for a TLS
    /// proxy on the same machine). A request from one of them is counted, for rate limits, as coming
    /// from the last address its proxy appended to <c>X-Forwarded-For</c>; a request from anywhere
    /// else is counted by its connection, and its forwarding headers are ignored. Default: none.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>
    /// Origins of separately hosted front ends whose pages may call this API from a browser
    /// (<c>--Http:CorsOrigins:0=https://app.example.org</c>). Default: none, so browsers let no
    /// other site's page read an answer. Credentials travel as bearer tokens, never cookies.
    /// </summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>Largest request body accepted, in bytes; larger ones get 413. Default 64 MiB.</summary>
    [Range(1L, long.MaxValue, ErrorMessage = "Http:MaxRequestBodyBytes must be positive")]
    public long MaxRequestBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest request body of an endpoint open without credentials (sign-in, health, public gateway), in bytes. Default 8 KiB.</summary>
    [Range(0L, 1024L * 1024, ErrorMessage = "Http:AnonymousMaxRequestBodyBytes must be between 0 and 1 MiB")]
    public long AnonymousMaxRequestBodyBytes { get; set; } = 8 * 1024;

    /// <summary>Largest request body of an endpoint for signed-in wallets (labeling answers), in bytes. Default 1 MiB.</summary>
    [Range(0L, 64L * 1024 * 1024, ErrorMessage = "Http:MemberMaxRequestBodyBytes must be between 0 and 64 MiB")]
    public long MemberMaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>True when operator authentication was configured explicitly (not generated on first start).</summary>
    public bool HasConfiguredOperatorToken =>
        !string.IsNullOrWhiteSpace(OperatorToken) || !string.IsNullOrWhiteSpace(OperatorTokenFile);

    /// <summary>The parsed <see cref="PublicOrigin"/>, or null when it is not set.</summary>
    public Uri? ParsedPublicOrigin =>
        Uri.TryCreate(PublicOrigin, UriKind.Absolute, out var origin) ? new Uri(origin.GetLeftPart(UriPartial.Authority)) : null;

    /// <summary>The parsed <see cref="BindAddress"/>.</summary>
    public IPAddress ParsedBindAddress =>
        string.Equals(BindAddress, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(BindAddress);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.Equals(BindAddress, "localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(BindAddress, out _))
        {
            yield return new ValidationResult(
                $"Http:BindAddress must be an IP address such as 127.0.0.1, got '{BindAddress}'", [nameof(BindAddress)]);
            yield break;
        }

        if (!IPAddress.IsLoopback(ParsedBindAddress) && !HasConfiguredOperatorToken)
        {
            // Exposed, unauthenticated ML dashboards have been hijacked to mine coins.
            yield return new ValidationResult(
                $"Http:BindAddress {BindAddress} is not a loopback address and no operator authentication is configured: "
                + "set Http:OperatorTokenFile (or Http:OperatorToken), or bind 127.0.0.1",
                [nameof(BindAddress)]);
        }

        if (PublicOrigin is not null && OriginProblem(PublicOrigin) is { } originProblem)
        {
            yield return new ValidationResult($"Http:PublicOrigin {originProblem}", [nameof(PublicOrigin)]);
        }
        else if (PublicOrigin is null && !IPAddress.IsLoopback(ParsedBindAddress))
        {
            yield return new ValidationResult(
                $"Http:PublicOrigin is required when Http:BindAddress {BindAddress} is not loopback: set it to the URL members use, "
                + "such as https://union.example.org; wallets sign in for its host",
                [nameof(PublicOrigin)]);
        }

        foreach (var proxy in TrustedProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult(
                $"Http:TrustedProxies holds '{proxy}', which is not an IP address; list the addresses the proxies connect from", [nameof(TrustedProxies)]);
        }

        foreach (var cors in CorsOrigins)
        {
            if (OriginProblem(cors) is { } corsProblem)
            {
                yield return new ValidationResult($"Http:CorsOrigins holds '{cors}', which {corsProblem}", [nameof(CorsOrigins)]);
            }
        }

        if (!string.IsNullOrEmpty(OperatorToken) && OperatorToken.Trim().Length < MinimumTokenLength)
        {
            yield return new ValidationResult(
                $"Http:OperatorToken must be at least {MinimumTokenLength} characters", [nameof(OperatorToken)]);
        }

        if (!string.IsNullOrWhiteSpace(OperatorTokenFile) && TokenFileProblem(OperatorTokenFile) is { } tokenProblem)
        {
            yield return new ValidationResult($"Http:OperatorTokenFile '{OperatorTokenFile}' {tokenProblem}", [nameof(OperatorTokenFile)]);
        }
    }

    private static string? OriginProblem(string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return $"must be an absolute http or https URL such as https://union.example.org, got '{origin}'";
        }

        return uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0
            ? $"must be an origin only (scheme, host and port, no path, query or user), got '{origin}'"
            : null;
    }

    /// <summary>Reads the token file here, so an empty or short one stops the node before the data directory is made.</summary>
    private static string? TokenFileProblem(string path)
    {
        string? line;
        try
        {
            using var reader = new StreamReader(path);
            line = reader.ReadLine()?.Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return File.Exists(path) || Directory.Exists(path) ? $"cannot be read: {ex.Message}" : "does not exist";
        }

        return string.IsNullOrEmpty(line) ? "is empty; its first line must be the operator token"
            : line.Length < MinimumTokenLength ? $"holds a token shorter than {MinimumTokenLength} characters"
            : null;
    }
}
