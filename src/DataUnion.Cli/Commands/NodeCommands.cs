using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;

namespace DataUnion.Cli.Commands;

/// <summary><c>dataunion node status|info</c>: ask a running node about itself.</summary>
internal static class NodeCommands
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    public static Command Create(TextWriter output, TextWriter error)
    {
        var connection = new ConnectionOptions();

        var json = new Option<bool>("--json") { Description = "Print the node's readiness report as JSON." };
        var status = new Command("status", "Show the node's readiness: database, block store and chain. Exit 0 when ready.") { json };
        status.SetAction((parse, ct) => StatusAsync(parse.GetValue(connection.Api)!, parse.GetValue(json), output, error, ct));

        var info = new Command("info", "Show the node's version, data directory and chain deployment (operator token needed).");
        info.SetAction((parse, ct) =>
            InfoAsync(connection.Resolve(parse), output, error, ct));

        var node = new Command("node", "Ask a running node about itself.\nExample: dataunion node status") { status, info };
        connection.AddTo(node);
        return node;
    }

    private static async Task<int> StatusAsync(Uri api, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = RequestTimeout };
        try
        {
            using var response = await http.GetAsync(new Uri("health/ready", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(root, IndentedJson)).ConfigureAwait(false);
                return response.IsSuccessStatusCode ? 0 : 1;
            }

            await output.WriteLineAsync($"node {api}: {root.GetProperty("status").GetString()}").ConfigureAwait(false);
            foreach (var check in root.GetProperty("checks").EnumerateObject())
            {
                await output.WriteLineAsync(
                    $"  {check.Name,-10} {check.Value.GetProperty("status").GetString(),-9} {check.Value.GetProperty("description").GetString()}")
                    .ConfigureAwait(false);
            }

            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            await error.WriteLineAsync($"dataunion: the node at {api} did not answer /health/ready: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<int> InfoAsync(NodeConnection node, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (token, tokenError) = node.ResolveToken();
        if (token is null)
        {
            await error.WriteLineAsync($"dataunion: {tokenError}").ConfigureAwait(false);
            return 1;
        }

        using var http = new HttpClient { BaseAddress = node.ApiUrl, Timeout = RequestTimeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.GetAsync(new Uri("api/v1/node", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                await error.WriteLineAsync($"dataunion: the node answered {(int)response.StatusCode}: {ProblemDetail(body)}").ConfigureAwait(false);
                return 1;
            }

            using var document = JsonDocument.Parse(body);
            await output.WriteLineAsync(JsonSerializer.Serialize(document.RootElement, IndentedJson)).ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            await error.WriteLineAsync($"dataunion: the node at {node.ApiUrl} did not answer: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    private static string ProblemDetail(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.TryGetProperty("detail", out var detail) ? $"{root.GetProperty("title").GetString()}. {detail.GetString()}" : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
