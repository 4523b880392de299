using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace DataUnion.Cli.Commands;

/// <summary><c>dataunion version build|publish|show|list</c>: the operator's dataset versions.</summary>
internal static class VersionCommands
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var json = new Option<bool>("--json") { Description = "Print the node's answer as JSON.", Recursive = true };
        var domain = new Option<string>("--domain") { Description = "The labeling domain (the dataset).", Required = true };

        var price = new Option<string>("--price") { Description = "Price in the token's smallest units (a decimal integer).", Required = true };
        var token = new Option<string?>("--token") { Description = "Payment token address (default: the deployment's DataUnionToken)." };
        var build = new Command("build", "Build (or rebuild) the domain's draft from its finished, consented images.\nExample: dataunion version build --domain faces --price 5000000000000000000")
        {
            domain, price, token,
        };
        build.SetAction((parse, ct) => CliActions.RunAsync(console, async () =>
        {
            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            var draft = await client.JsonAsync(HttpMethod.Post, "api/v1/versions", new { domain = parse.GetValue(domain), price = parse.GetValue(price), token = parse.GetValue(token) }, ct).ConfigureAwait(false);
            await WriteVersionAsync(console.Out, draft, parse.GetValue(json)).ConfigureAwait(false);
            return 0;
        }));

        var wait = new Option<bool>("--wait") { Description = "Wait until the version is mined and indexed." };
        var publish = new Command("publish", "Publish the domain's draft through the node's outbox; from then on it never changes.\nExample: dataunion version publish --domain faces --wait")
        {
            domain, wait,
        };
        publish.SetAction((parse, ct) => CliActions.RunAsync(console, async () =>
        {
            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            var name = Uri.EscapeDataString(parse.GetValue(domain)!);
            var answer = await client.JsonAsync(HttpMethod.Post, $"api/v1/versions/drafts/{name}/publish", null, ct).ConfigureAwait(false);
            var version = answer.GetProperty("version");
            if (parse.GetValue(wait))
            {
                version = await WaitPublishedAsync(client, console, version.GetProperty("versionId").GetInt64(), ct).ConfigureAwait(false);
            }

            await WriteVersionAsync(console.Out, version, parse.GetValue(json)).ConfigureAwait(false);
            if (!parse.GetValue(json))
            {
                await console.Out.WriteLineAsync($"outbox intent: {answer.GetProperty("intent").GetProperty("key").GetString()}").ConfigureAwait(false);
            }

            return 0;
        }));

        var show = new Command("show", "Show the domain's draft.\nExample: dataunion version show --domain faces") { domain };
        show.SetAction((parse, ct) => CliActions.RunAsync(console, async () =>
        {
            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            var draft = await client.JsonAsync(HttpMethod.Get, $"api/v1/versions/drafts/{Uri.EscapeDataString(parse.GetValue(domain)!)}", null, ct).ConfigureAwait(false);
            await WriteVersionAsync(console.Out, draft, parse.GetValue(json)).ConfigureAwait(false);
            return 0;
        }));

        var list = new Command("list", "List the drafts and every version this node sent for publishing.\nExample: dataunion version list");
        list.SetAction((parse, ct) => CliActions.RunAsync(console, async () =>
        {
            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            var drafts = await client.JsonAsync(HttpMethod.Get, "api/v1/versions/drafts", null, ct).ConfigureAwait(false);
            var built = await client.JsonAsync(HttpMethod.Get, "api/v1/versions/built", null, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                using var both = JsonDocument.Parse($"{{\"drafts\":{drafts.GetRawText()},\"versions\":{built.GetRawText()}}}");
                await CliActions.WriteJsonAsync(console.Out, both.RootElement).ConfigureAwait(false);
                return 0;
            }

            var rows = drafts.EnumerateArray().Concat(built.EnumerateArray())
                .Select(v => new[] { v.GetProperty("versionId").GetInt64().ToString(CultureInfo.InvariantCulture), v.GetProperty("domain").GetString()!, v.GetProperty("state").GetString()!, v.GetProperty("imageCount").GetInt32().ToString(CultureInfo.InvariantCulture), v.GetProperty("price").GetString()!, v.GetProperty("root").GetString()! })
                .ToList();
            await TextTable.WriteAsync(console.Out, ["version", "domain", "state", "images", "price", "root"], rows).ConfigureAwait(false);
            return 0;
        }));

        var command = new Command("version", "Build and publish dataset versions (operator).\nExample: dataunion version build --domain faces --price 5000000000000000000") { build, publish, show, list };
        command.Options.Add(json);
        connection.AddTo(command);
        return command;
    }

    private static async Task<JsonElement> WaitPublishedAsync(NodeRpcClient client, CliConsole console, long versionId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        while (true)
        {
            var built = await client.JsonAsync(HttpMethod.Get, "api/v1/versions/built", null, timeout.Token).ConfigureAwait(false);
            var version = built.EnumerateArray().FirstOrDefault(v => v.GetProperty("versionId").GetInt64() == versionId);
            var state = version.ValueKind == JsonValueKind.Object ? version.GetProperty("state").GetString() : null;
            if (state is "published")
            {
                return version;
            }

            if (state is "superseded")
            {
                throw new CliFailureException($"version {versionId} was superseded: the market gave its id to another publication; build the domain again");
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CliFailureException($"version {versionId} was not published within {PublishTimeout.TotalMinutes} minutes; see 'dataunion version list' and the node's outbox");
            }

            if (console.ShowProgress)
            {
                await console.Error.WriteAsync(".").ConfigureAwait(false);
            }
        }
    }

    private static async Task WriteVersionAsync(TextWriter output, JsonElement version, bool json)
    {
        if (json)
        {
            await CliActions.WriteJsonAsync(output, version).ConfigureAwait(false);
            return;
        }

        var rows = new List<string[]>
        {
            new[] { "version", version.GetProperty("versionId").GetInt64().ToString(CultureInfo.InvariantCulture) },
            new[] { "domain", version.GetProperty("domain").GetString()! },
            new[] { "state", version.GetProperty("state").GetString()! },
            new[] { "images", version.GetProperty("imageCount").GetInt32().ToString(CultureInfo.InvariantCulture) },
            new[] { "price", $"{version.GetProperty("price").GetString()} of {version.GetProperty("token").GetString()}" },
            new[] { "root (manifest CID)", version.GetProperty("root").GetString()! },
            new[] { "images root", version.GetProperty("imagesRoot").GetString()! },
            new[] { "shares root", version.GetProperty("sharesRoot").GetString()! },
            new[] { "total shares", version.GetProperty("totalShares").GetString()! },
        };
        await TextTable.WriteAsync(output, ["", ""], rows, header: false).ConfigureAwait(false);
        var excluded = version.GetProperty("excluded").EnumerateArray().ToList();
        if (excluded.Count > 0)
        {
            await output.WriteLineAsync($"left out ({excluded.Count}):").ConfigureAwait(false);
            foreach (var image in excluded.Take(20))
            {
                await output.WriteLineAsync($"  {image.GetProperty("cid").GetString()}: {image.GetProperty("reason").GetString()}").ConfigureAwait(false);
            }
        }
    }
}
