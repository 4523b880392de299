using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Nethereum.Util;

namespace DataUnion.Chain.Signing;

/// <summary>
/// A Sign-In with Ethereum message (EIP-4361): built, printed and parsed exactly as the ABNF of
/// the EIP, so wallets and the npm <c>siwe</c> package read and write the same text.
/// </summary>
/// <param name="Domain">The RFC 3986 authority asking for the sign-in (host and optional port).</param>
/// <param name="Address">The EIP-55 checksummed address signing in.</param>
/// <param name="Statement">Optional human-readable assertion (one line, no newline).</param>
/// <param name="Uri">The RFC 3986 URI the sign-in is for.</param>
/// <param name="ChainId">The EIP-155 chain id.</param>
/// <param name="Nonce">At least 8 alphanumeric characters chosen by the server.</param>
/// <param name="IssuedAt">When the message was made.</param>
/// <param name="ExpirationTime">After this the message is no longer valid.</param>
/// <param name="NotBefore">Before this the message is not yet valid.</param>
/// <param name="RequestId">Optional request id.</param>
/// <param name="Resources">Optional resource URIs.</param>
/// <param name="Scheme">Optional URI scheme of the domain (https when absent).</param>
public sealed partial record SiweMessage(
    string Domain,
    string Address,
    string? Statement,
    string Uri,
    long ChainId,
    string Nonce,
    DateTimeOffset IssuedAt,
    DateTimeOffset? ExpirationTime = null,
    DateTimeOffset? NotBefore = null,
    string? RequestId = null,
    IReadOnlyList<string>? Resources = null,
    string? Scheme = null)
{
    private const string Preamble = " wants you to sign in with your Ethereum account:";

    /// <summary>The message text to sign.</summary>
    public override string ToString()
    {
        Validate();
        var text = new StringBuilder();
        text.Append(Scheme is null ? string.Empty : Scheme + "://").Append(Domain).Append(Preamble).Append('\n');
        text.Append(Address).Append('\n').Append('\n');
        if (Statement is not null)
        {
            text.Append(Statement).Append('\n');
        }

        text.Append('\n');
        text.Append("URI: ").Append(Uri).Append('\n');
        text.Append("Version: 1\n");
        text.Append("Chain ID: ").Append(ChainId.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("Nonce: ").Append(Nonce).Append('\n');
        text.Append("Issued At: ").Append(Format(IssuedAt));
        if (ExpirationTime is { } expires)
        {
            text.Append("\nExpiration Time: ").Append(Format(expires));
        }

        if (NotBefore is { } notBefore)
        {
            text.Append("\nNot Before: ").Append(Format(notBefore));
        }

        if (RequestId is not null)
        {
            text.Append("\nRequest ID: ").Append(RequestId);
        }

        if (Resources is { Count: > 0 })
        {
            text.Append("\nResources:");
            foreach (var resource in Resources)
            {
                text.Append("\n- ").Append(resource);
            }
        }

        return text.ToString();
    }

    /// <summary>Parses a message; throws <see cref="SignatureException"/> naming the line that is wrong.</summary>
    public static SiweMessage Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        var at = 0;
        string Next(string what) => at < lines.Length ? lines[at++] : throw new SignatureException($"the message ends before its {what}");

        var header = Next("header");
        if (!header.EndsWith(Preamble, StringComparison.Ordinal))
        {
            throw new SignatureException("line 1 must end with ' wants you to sign in with your Ethereum account:'");
        }

        var origin = header[..^Preamble.Length];
        string? scheme = null;
        if (origin.IndexOf("://", StringComparison.Ordinal) is var separator and > 0)
        {
            scheme = origin[..separator];
            origin = origin[(separator + 3)..];
        }

        var address = Next("address");
        if (Next("blank line after the address").Length != 0)
        {
            throw new SignatureException("line 3 must be empty");
        }

        string? statement = null;
        if (at < lines.Length && lines[at].Length != 0)
        {
            statement = Next("statement");
        }

        if (Next("blank line before the fields").Length != 0)
        {
            throw new SignatureException("a blank line must follow the statement");
        }

        var uri = Field(Next("URI"), "URI");
        if (Field(Next("Version"), "Version") != "1")
        {
            throw new SignatureException("only Version: 1 is defined");
        }

        var chainText = Field(Next("Chain ID"), "Chain ID");
        if (!long.TryParse(chainText, NumberStyles.None, CultureInfo.InvariantCulture, out var chainId))
        {
            throw new SignatureException($"Chain ID '{chainText}' is not a decimal integer");
        }

        var nonce = Field(Next("Nonce"), "Nonce");
        var issuedAt = Time(Field(Next("Issued At"), "Issued At"), "Issued At");
        DateTimeOffset? expires = null;
        DateTimeOffset? notBefore = null;
        string? requestId = null;
        List<string>? resources = null;
        if (at < lines.Length && lines[at].StartsWith("Expiration Time: ", StringComparison.Ordinal))
        {
            expires = Time(Field(Next("Expiration Time"), "Expiration Time"), "Expiration Time");
        }

        if (at < lines.Length && lines[at].StartsWith("Not Before: ", StringComparison.Ordinal))
        {
            notBefore = Time(Field(Next("Not Before"), "Not Before"), "Not Before");
        }

        if (at < lines.Length && lines[at].StartsWith("Request ID: ", StringComparison.Ordinal))
        {
            requestId = Field(Next("Request ID"), "Request ID");
        }

        if (at < lines.Length && lines[at] == "Resources:")
        {
            at++;
            resources = [];
            while (at < lines.Length && lines[at].StartsWith("- ", StringComparison.Ordinal))
            {
                resources.Add(lines[at++][2..]);
            }
        }

        if (at != lines.Length)
        {
            throw new SignatureException($"line {at + 1} is not a field this message format allows here");
        }

        var message = new SiweMessage(origin, address, statement, uri, chainId, nonce, issuedAt, expires, notBefore, requestId, resources, scheme);
        message.Validate();
        return message;
    }

    /// <summary>Throws <see cref="SignatureException"/> when a field breaks the EIP's rules.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Domain) || Domain.Any(c => char.IsWhiteSpace(c) || c == '/'))
        {
            throw new SignatureException($"the domain '{Domain}' is not an RFC 3986 authority");
        }

        if (!AddressPattern().IsMatch(Address ?? string.Empty) || AddressUtil.Current.ConvertToChecksumAddress(Address) != Address)
        {
            throw new SignatureException($"the address '{Address}' is not an EIP-55 checksummed address");
        }

        if (Statement is not null && Statement.Contains('\n', StringComparison.Ordinal))
        {
            throw new SignatureException("the statement must be one line");
        }

        if (!System.Uri.TryCreate(Uri, UriKind.Absolute, out _))
        {
            throw new SignatureException($"the URI '{Uri}' is not an absolute RFC 3986 URI");
        }

        if (ChainId <= 0)
        {
            throw new SignatureException($"the chain id must be positive, got {ChainId}");
        }

        if (!NoncePattern().IsMatch(Nonce ?? string.Empty))
        {
            throw new SignatureException("the nonce must be at least 8 letters or digits");
        }
    }

    private static string Field(string line, string name) =>
        line.StartsWith(name + ": ", StringComparison.Ordinal) ? line[(name.Length + 2)..] : throw new SignatureException($"expected the '{name}: ' line, got '{line}'");

    private static DateTimeOffset Time(string text, string name) =>
        DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new SignatureException($"{name} '{text}' is not an RFC 3339 date-time");

    /// <summary>UTC with milliseconds, as JavaScript's <c>toISOString</c> writes it (and so most wallets and siwe).</summary>
    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex AddressPattern();

    [GeneratedRegex("^[a-zA-Z0-9]{8,}$")]
    private static partial Regex NoncePattern();
}
