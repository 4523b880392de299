using System.CommandLine;
using System.CommandLine.Parsing;

namespace DataUnion.Cli;

/// <summary>The <c>--api</c>, <c>--token-file</c> and <c>--data-dir</c> options every node-facing command takes.</summary>
internal sealed class ConnectionOptions
{
    public Option<Uri> Api { get; } = new("--api")
    {
        Description = $"Node API URL (default: DATAUNION_API, else {NodeConnection.DefaultApiUrl}).",
        DefaultValueFactory = result => ParseApiUrl(result, Environment.GetEnvironmentVariable("DATAUNION_API") ?? NodeConnection.DefaultApiUrl)!,
        CustomParser = result => ParseApiUrl(result, result.Tokens.Single().Value),
        Recursive = true,
    };

    public Option<string?> TokenFile { get; } = new("--token-file") { Description = "File holding the operator token.", Recursive = true };

    public Option<string?> DataDirectory { get; } = new("--data-dir")
    {
        Description = CliDataDirectory.Description + " Its operator.token is used.",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Api);
        command.Options.Add(TokenFile);
        command.Options.Add(DataDirectory);
    }

    public NodeConnection Resolve(ParseResult parse) =>
        new(parse.GetValue(Api)!, parse.GetValue(TokenFile), parse.GetValue(DataDirectory));

    private static Uri? ParseApiUrl(ArgumentResult result, string text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        result.AddError($"--api must be an absolute http or https URL, got '{text}'");
        return null;
    }
}
