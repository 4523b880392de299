using System.Security.Cryptography;
using System.Text;
using DataUnion.Core.Security;
using DataUnion.Node.Hosting;
using DataUnion.Storage;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Security;

/// <summary>
/// The operator's bearer token, held only as a SHA-256 digest. Configured through
/// <c>Http:OperatorToken</c> or <c>Http:OperatorTokenFile</c>; on a loopback-only node without
/// either, a random token is generated on first start into <c>operator.token</c> (mode 0600) in
/// the data directory, so the control API is never open even on loopback.
/// </summary>
public sealed class OperatorCredential
{
    private readonly byte[] _digest;

    private OperatorCredential(byte[] digest, string source)
    {
        _digest = digest;
        Source = source;
    }

    /// <summary>Where the token came from, for the log (never the token itself).</summary>
    public string Source { get; }

    /// <summary>Loads or generates the token as described on the type.</summary>
    public static OperatorCredential Load(IOptions<HttpOptions> options, DataDirectory dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        var http = options.Value;
        if (!string.IsNullOrWhiteSpace(http.OperatorToken))
        {
            return FromToken(http.OperatorToken.Trim(), "Http:OperatorToken");
        }

        if (!string.IsNullOrWhiteSpace(http.OperatorTokenFile))
        {
            return FromToken(ReadTokenFile(http.OperatorTokenFile, "Http:OperatorTokenFile"), $"Http:OperatorTokenFile {http.OperatorTokenFile}");
        }

        var generated = dataDirectory.GeneratedOperatorTokenFile;
        if (!File.Exists(generated))
        {
            WriteNewToken(generated);
        }

        return FromToken(ReadTokenFile(generated, "the generated operator token"), $"generated file {generated}");
    }

    /// <summary>True when <paramref name="presented"/> is the operator token; compares in constant time.</summary>
    public bool Matches(ReadOnlySpan<char> presented)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(presented.ToArray());
        SHA256.HashData(bytes, digest);
        return CryptographicOperations.FixedTimeEquals(digest, _digest);
    }

    private static OperatorCredential FromToken(string token, string source)
    {
        if (token.Length < HttpOptions.MinimumTokenLength)
        {
            throw new NodeStartupException($"the operator token from {source} is shorter than {HttpOptions.MinimumTokenLength} characters");
        }

        return new OperatorCredential(SHA256.HashData(Encoding.UTF8.GetBytes(token)), source);
    }

    private static string ReadTokenFile(string path, string setting)
    {
        try
        {
            using var reader = new StreamReader(path);
            return reader.ReadLine()?.Trim() ?? string.Empty;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new NodeStartupException($"cannot read {setting} '{path}': {ex.Message}", ex);
        }
    }

    private static void WriteNewToken(string path) => SecretFile.Write(path, Secrets.NewToken() + Environment.NewLine);
}
