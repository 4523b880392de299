using System.ComponentModel.DataAnnotations;
using System.Net;

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
    public int Port { get; set; } = 5080;

    /// <summary>Bearer token for operator endpoints, at least 32 characters. Prefer <see cref="OperatorTokenFile"/>.</summary>
    public string? OperatorToken { get; set; }

    /// <summary>File whose first line is the operator token.</summary>
    public string? OperatorTokenFile { get; set; }

    /// <summary>Largest request body accepted, in bytes; larger ones get 413. Default 64 MiB.</summary>
    [Range(1L, long.MaxValue, ErrorMessage = "Http:MaxRequestBodyBytes must be positive")]
    public long MaxRequestBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>True when operator authentication was configured explicitly (not generated on first start).</summary>
    public bool HasConfiguredOperatorToken =>
        !string.IsNullOrWhiteSpace(OperatorToken) || !string.IsNullOrWhiteSpace(OperatorTokenFile);

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

        if (!string.IsNullOrEmpty(OperatorToken) && OperatorToken.Trim().Length < MinimumTokenLength)
        {
            yield return new ValidationResult(
                $"Http:OperatorToken must be at least {MinimumTokenLength} characters", [nameof(OperatorToken)]);
        }

        if (!string.IsNullOrWhiteSpace(OperatorTokenFile) && !File.Exists(OperatorTokenFile))
        {
            yield return new ValidationResult(
                $"Http:OperatorTokenFile '{OperatorTokenFile}' does not exist", [nameof(OperatorTokenFile)]);
        }
    }
}
