using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace DataUnion.Cli.Commands;

/// <summary>
/// <c>dataunion labeling domains|domain|queue|labelers|suspend|lift</c>: the operator's view and
/// controls of labeling (domains, the work queue, labelers' standing).
/// </summary>
internal static class LabelingCommands
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var json = new Option<bool>("--json") { Description = "Print the node's answer as JSON.", Recursive = true };
        var domainOption = new Option<string>("--domain") { Description = "The labeling domain.", Required = true };

        var domains = new Command("domains", "List the labeling domains with their counts of images, finished images and gold.\nExample: dataunion labeling domains");
        domains.SetAction((parse, ct) => CliActions.RunAsync(console, async () =>
        {
            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            var answer = await client.JsonAsync(HttpMethod.Get, "api/v1/labeling/domains", null, ct).ConfigureAwait(false);
            return await PrintAsync(console, answer, parse.GetValue(json), () => TextTable.WriteAsync(console.Out, ["domain", "classes", "images", "finished", "gold", "retired gold"], [.. answer.EnumerateArray().Select(d => new[]
            {
                d.GetProperty("domain").GetProperty("name").GetString()!,
                string.Join(",", d.GetProperty("domain").GetProperty("classes").EnumerateObject().Select(c => c.Name)),
                Number(d, "images"), Number(d, "finished"), Number(d, "gold"), Number(d, "retiredGold"),
            })])).ConfigureAwait(false);
        }));

        var name = new Argument<string>("NAME") { Description = "The domain's name (letters, digits, '.', '_', '-')." };
        var classes = new Option<string[]>("--class") { Description = "A class and the IoU two boxes need to be the same object, name=0.5 (repeatable).", Required = true, AllowMultipleArgumentsPerToken = true };
        var qualificationSize = new Option<int?>("--qualification-size") { Description = "Gold items a newcomer answers to qualify." };
        var goldRatio = new Option<double?>("--gold-ratio") { Description = "Share of a bundle that is hidden gold (0-1)." };
        var domain = new Command("domain", "Create or replace a labeling domain.\nExample: dataunion labeling domain faces --class face=0.5")
        {
            name, classes, qualificationSize, goldRatio,
        };
        domain.SetAction((parse, ct) => CliActions.RunAsync(console, async () =>
        {
            var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var entry in parse.GetValue(classes) ?? [])
            {
                var parts = entry.Split('=', 2);
                if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var iou))
                {
                    throw new CliFailureException($"--class '{entry}' is not name=IoU (e.g. face=0.5)");
                }

                thresholds[parts[0]] = iou;
            }

            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            var body = new Dictionary<string, object?> { ["classes"] = thresholds };
            if (parse.GetValue(qualificationSize) is { } size)
            {
                body["qualificationSize"] = size;
            }

            if (parse.GetValue(goldRatio) is { } ratio)
            {
                body["goldRatio"] = ratio;
            }

            var answer = await client.JsonAsync(HttpMethod.Put, $"api/v1/labeling/domains/{Uri.EscapeDataString(parse.GetValue(name)!)}", body, ct).ConfigureAwait(false);
            return await PrintAsync(console, answer, parse.GetValue(json), () => console.Out.WriteLineAsync($"domain {answer.GetProperty("domain").GetProperty("name").GetString()} saved")).ConfigureAwait(false);
        }));

        var queue = new Command("queue", "Show a domain's work: images waiting, in bundles, finished, withdrawn; recent answers; gold and its pass rate.\nExample: dataunion labeling queue --domain faces")
        {
            domainOption,
        };
        queue.SetAction((parse, ct) => CliActions.RunAsync(console, async () =>
        {
            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            var answer = await client.JsonAsync(HttpMethod.Get, $"api/v1/labeling/domains/{Uri.EscapeDataString(parse.GetValue(domainOption)!)}/queue", null, ct).ConfigureAwait(false);
            return await PrintAsync(console, answer, parse.GetValue(json), () => TextTable.WriteAsync(console.Out, ["", ""],
                [.. answer.EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.Number or JsonValueKind.String).Select(p => new[] { p.Name, p.Value.ToString() })], header: false)).ConfigureAwait(false);
        }));

        var labelers = new Command("labelers", "List a domain's labelers: qualification, reputation, standing, voting power.\nExample: dataunion labeling labelers --domain faces")
        {
            domainOption,
        };
        labelers.SetAction((parse, ct) => CliActions.RunAsync(console, async () =>
        {
            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            var answer = await client.JsonAsync(HttpMethod.Get, $"api/v1/labeling/domains/{Uri.EscapeDataString(parse.GetValue(domainOption)!)}/labelers", null, ct).ConfigureAwait(false);
            return await PrintAsync(console, answer, parse.GetValue(json), () => TextTable.WriteAsync(console.Out, ["labeler", "qualification", "standing", "voting power", "answers counted"], [.. answer.EnumerateArray().Select(l => new[]
            {
                l.GetProperty("labeler").GetString()!, State(l, "qualification"), State(l, "standing"),
                l.GetProperty("votingPower").GetDouble().ToString("0.###", CultureInfo.InvariantCulture), Number(l, "counted"),
            })])).ConfigureAwait(false);
        }));

        var address = new Argument<string>("ADDRESS") { Description = "The labeler's wallet address." };
        var days = new Option<double>("--days") { Description = "How long the suspension lasts.", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why (shown to the labeler).", Required = true };
        var suspend = new Command("suspend", "Suspend a labeler in a domain (it counts towards a ban); their open bundles go back to the pool.\nExample: dataunion labeling suspend --domain faces 0xabc… --days 7 --reason \"copied boxes\"")
        {
            domainOption, address, days, reason,
        };
        suspend.SetAction((parse, ct) => CliActions.RunAsync(console, async () =>
        {
            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            var answer = await client.JsonAsync(HttpMethod.Post, $"{LabelerPath(parse, domainOption, address)}/suspension", new { days = parse.GetValue(days), reason = parse.GetValue(reason) }, ct).ConfigureAwait(false);
            return await PrintAsync(console, answer, parse.GetValue(json), () => console.Out.WriteLineAsync($"{parse.GetValue(address)} is {State(answer, "standing")}")).ConfigureAwait(false);
        }));

        var lift = new Command("lift", "Lift a labeler's suspension: active again, and it no longer counts towards a ban.\nExample: dataunion labeling lift --domain faces 0xabc…")
        {
            domainOption, address,
        };
        lift.SetAction((parse, ct) => CliActions.RunAsync(console, async () =>
        {
            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            var answer = await client.JsonAsync(HttpMethod.Delete, $"{LabelerPath(parse, domainOption, address)}/suspension", null, ct).ConfigureAwait(false);
            return await PrintAsync(console, answer, parse.GetValue(json), () => console.Out.WriteLineAsync($"{parse.GetValue(address)} is {State(answer, "standing")}")).ConfigureAwait(false);
        }));

        var command = new Command("labeling", "Run labeling (operator): domains, the work queue, labelers' standing.\nExample: dataunion labeling queue --domain faces")
        {
            domains, domain, queue, labelers, suspend, lift,
        };
        command.Options.Add(json);
        connection.AddTo(command);
        return command;
    }

    private static string LabelerPath(ParseResult parse, Option<string> domain, Argument<string> address) =>
        $"api/v1/labeling/domains/{Uri.EscapeDataString(parse.GetValue(domain)!)}/labelers/{Uri.EscapeDataString(parse.GetValue(address)!)}";

    private static async Task<int> PrintAsync(CliConsole console, JsonElement answer, bool json, Func<Task> table)
    {
        if (json)
        {
            await CliActions.WriteJsonAsync(console.Out, answer).ConfigureAwait(false);
        }
        else
        {
            await table().ConfigureAwait(false);
        }

        return 0;
    }

    private static string Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : "";

    private static string State(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object && value.TryGetProperty("state", out var state) ? state.ToString() : "";
}
