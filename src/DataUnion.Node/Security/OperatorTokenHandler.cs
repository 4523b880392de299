using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Security;

/// <summary>Authenticates <c>Authorization: Bearer &lt;operator token&gt;</c>.</summary>
public sealed class OperatorTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    OperatorCredential credential) : BearerTokenHandler(options, logger, encoder)
{
    /// <summary>Name of the scheme.</summary>
    public const string SchemeName = "OperatorToken";

    /// <summary>Role granted to the operator.</summary>
    public const string OperatorRole = "operator";

    /// <inheritdoc />
    protected override string ChallengeTitle => "Operator authentication required";

    /// <inheritdoc />
    protected override string ChallengeDetail =>
        "this endpoint needs the operator: send 'Authorization: Bearer <token>' with the operator token (Http:OperatorTokenFile, or operator.token in the data directory)";

    /// <inheritdoc />
    protected override (Identity? Identity, string? Refusal) Identify(string token) =>
        credential.Matches(token) ? (new Identity("operator", OperatorRole, []), null) : (null, "the operator token is wrong");
}
