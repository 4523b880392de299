using DataUnion.Core.Hosting;

namespace DataUnion.Cli;

/// <summary>
/// How the CLI reaches a node: its API URL and, for operator commands, the operator token.
/// Sources, first match wins: options, then <c>DATAUNION_API</c> / <c>DATAUNION_OPERATOR_TOKEN</c>,
/// then the data directory's generated <c>operator.token</c>.
/// </summary>
internal sealed record NodeConnection(Uri ApiUrl, string? TokenFile, string? DataDirectory)
{
    public const string DefaultApiUrl = NodeDefaults.ApiUrl;

    /// <summary>The operator token, or an error message saying where it was looked for.</summary>
    public (string? Token, string? Error) ResolveToken()
    {
        if (TokenFile is { Length: > 0 } file)
        {
            return ReadFirstLine(file, "--token-file");
        }

        if (Environment.GetEnvironmentVariable("DATAUNION_OPERATOR_TOKEN") is { Length: > 0 } token)
        {
            return (token.Trim(), null);
        }

        // The node's own rule, so the CLI finds the token of a node started with the defaults.
        return ReadFirstLine(Path.Combine(CliDataDirectory.Resolve(DataDirectory), NodeDefaults.OperatorTokenFile), "the data directory (--data-dir)");
    }

    private static (string? Token, string? Error) ReadFirstLine(string path, string source)
    {
        try
        {
            using var reader = new StreamReader(path);
            var line = reader.ReadLine()?.Trim();
            return string.IsNullOrEmpty(line) ? (null, $"the operator token file '{path}' is empty") : (line, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read the operator token from {source} '{path}': {ex.Message}");
        }
    }
}
