using System.CommandLine;
using System.Text.Json;
using DataUnion.Cli.Fairness;
using DataUnion.Core.Fairness;

namespace DataUnion.Cli.Commands;

/// <summary><c>dataunion fairness report</c>: who a version represents and, with a detector's predictions, how it does per group.</summary>
internal static class FairnessCommand
{
    /// <summary>The largest predictions file the node takes.</summary>
    private const long MaxPredictionsBytes = 256L * 1024 * 1024;

    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var version = new Argument<long?>("VERSION") { Description = "The version id (leave out with --draft).", Arity = ArgumentArity.ZeroOrOne };
        var draft = new Option<string?>("--draft") { Description = "Report on this domain's draft instead of a version (operator)." };
        var predictions = new Option<string?>("--predictions") { Description = "A detector's predictions for the version's images: a COCO results JSON (image_id, category_id, bbox, score). Evaluating needs the operator token." };
        var html = new Option<string?>("--output", "-o") { Description = "Write the report as one self-contained HTML page." };
        var json = new Option<string?>("--json") { Description = "Write the report's figures as JSON." };
        var markdown = new Option<string?>("--markdown") { Description = "Write the report as Markdown." };
        var report = new Command("report", "Who a version represents (groups of fewer than k contributors withheld) and, with --predictions, AP50 and AP50:95 per group with bootstrap intervals.\nExample: dataunion fairness report 3 --predictions results.json -o report.html --json report.json")
        {
            version, draft, predictions, html, json, markdown,
        };
        report.SetAction((parse, ct) => CliActions.RunAsync(console, async () =>
        {
            var (id, domain) = (parse.GetValue(version), parse.GetValue(draft));
            if ((id is null) == (domain is null))
            {
                throw new CliFailureException("name either a version id or --draft DOMAIN");
            }

            if (id is < 1)
            {
                throw new CliFailureException($"{id} is not a version id (a number from 1)");
            }

            var body = parse.GetValue(predictions) is { } path ? ReadPredictions(path) : null;
            var outputs = new[] { (Path: parse.GetValue(html), Render: (Func<FairnessReport, string>)ReportHtml.Render), (Path: parse.GetValue(json), Render: Json), (Path: parse.GetValue(markdown), Render: ReportMarkdown.Render) };
            foreach (var (target, _) in outputs)
            {
                if (target is not null && Path.GetDirectoryName(Path.GetFullPath(target)) is { } folder && !Directory.Exists(folder))
                {
                    throw new CliFailureException($"cannot write {target}: the folder {folder} does not exist");
                }
            }

            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            var route = domain is not null ? $"api/v1/versions/drafts/{Uri.EscapeDataString(domain)}/fairness" : $"api/v1/versions/{id}/fairness";
            JsonElement answer;
            if (body is null)
            {
                answer = await client.JsonAsync(HttpMethod.Get, route, null, ct).ConfigureAwait(false);
            }
            else
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                using var response = await client.SendAsync(HttpMethod.Post, route, content, ct).ConfigureAwait(false);
                answer = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false)).RootElement.Clone();
            }

            var parsed = Parse(answer);
            var written = outputs.Where(o => o.Path is not null).Select(o => (o.Path!, Text: o.Render(parsed))).ToList();
            if (written.Count == 0)
            {
                await console.Out.WriteAsync(ReportMarkdown.Render(parsed)).ConfigureAwait(false);
                return 0;
            }

            // Every page is rendered before any is written, and each lands whole or not at all.
            foreach (var (target, text) in written)
            {
                var temporary = target + ".partial";
                await File.WriteAllTextAsync(temporary, text, ct).ConfigureAwait(false);
                File.Move(temporary, target, overwrite: true);
                await console.Out.WriteLineAsync($"wrote {target}").ConfigureAwait(false);
            }

            return 0;
        }));

        var fairness = new Command("fairness", "Fairness reports: who a dataset version represents, and how a detector does for each group.") { report };
        connection.AddTo(fairness);
        return fairness;
    }

    private static byte[] ReadPredictions(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new CliFailureException($"the predictions file {path} does not exist");
        }

        if (file.Length > MaxPredictionsBytes)
        {
            throw new CliFailureException($"the predictions file {path} is {file.Length:N0} bytes; the node takes at most {MaxPredictionsBytes:N0}");
        }

        var bytes = File.ReadAllBytes(path);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new CliFailureException($"the predictions file {path} must hold a JSON array of {{image_id, category_id, bbox, score}} objects (COCO's results format)");
            }
        }
        catch (JsonException e)
        {
            throw new CliFailureException($"the predictions file {path} is not JSON: {e.Message}");
        }

        return bytes;
    }

    private static FairnessReport Parse(JsonElement answer)
    {
        try
        {
            return answer.Deserialize<FairnessReport>(CompositionJson.Options) ?? throw new CliFailureException("the node answered with an empty report");
        }
        catch (JsonException e)
        {
            throw new CliFailureException($"the node's report could not be read: {e.Message}");
        }
    }

    private static string Json(FairnessReport report) => JsonSerializer.Serialize(report, new JsonSerializerOptions(CompositionJson.Options) { WriteIndented = true }) + "\n";
}
