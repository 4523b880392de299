using System.CommandLine;

namespace DataUnion.Cli;

/// <summary>
/// Where member, buyer and auditor commands read the chain: <c>--rpc</c> (default <c>DATAUNION_RPC</c>,
/// else the local chain), and <c>--market</c> (default: the market the node names in its public terms).
/// </summary>
internal sealed class ChainOptions
{
    public const string DefaultRpcUrl = "http://127.0.0.1:8545";

    public Option<Uri> Rpc { get; } = new("--rpc")
    {
        Description = $"JSON-RPC URL of the chain (default: DATAUNION_RPC, else {DefaultRpcUrl}).",
        DefaultValueFactory = _ => new Uri(Environment.GetEnvironmentVariable("DATAUNION_RPC") is { Length: > 0 } url ? url : DefaultRpcUrl),
        CustomParser = result => HttpUrl(result, "--rpc"),
    };

    /// <summary>The option's value as an absolute http(s) URL, or an error naming the option.</summary>
    public static Uri? HttpUrl(System.CommandLine.Parsing.ArgumentResult result, string option)
    {
        var text = result.Tokens.Single().Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        result.AddError($"{option} must be an absolute http or https URL, got '{text}'");
        return null;
    }

    public Option<string?> Market { get; } = new("--market") { Description = "The DatasetMarket's address (default: the one the node names in its public terms)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Rpc);
        command.Options.Add(Market);
    }
}
