using System.CommandLine;
using System.Globalization;

namespace DataUnion.Cli.Commands;

/// <summary><c>dataunion versions</c>: the published versions a buyer can buy, from a node's public listing.</summary>
internal static class VersionsCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var json = new Option<bool>("--json") { Description = "Print the listing as JSON." };
        var command = new Command("versions", "List the published dataset versions: price, token, images, purchases, manifest CID.\nExample: dataunion versions --api https://union.example.org/")
        {
            json,
        };
        command.Options.Add(connection.Api);
        command.SetAction((parse, ct) => CliActions.RunAsync(console, async () =>
        {
            using var client = NodeRpcClient.CreatePublic(parse.GetValue(connection.Api)!);
            var versions = await client.JsonAsync(HttpMethod.Get, "api/v1/versions", null, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await CliActions.WriteJsonAsync(console.Out, versions).ConfigureAwait(false);
                return 0;
            }

            var rows = versions.EnumerateArray().Select(v => new[]
            {
                v.GetProperty("versionId").GetString()!,
                v.GetProperty("dataset").GetString() ?? v.GetProperty("datasetId").GetString()!,
                v.GetProperty("imageCount").ValueKind == System.Text.Json.JsonValueKind.Number ? v.GetProperty("imageCount").GetInt32().ToString(CultureInfo.InvariantCulture) : "?",
                v.GetProperty("price").GetString()!,
                v.GetProperty("token").GetString()!,
                v.GetProperty("purchases").GetInt32().ToString(CultureInfo.InvariantCulture),
                v.GetProperty("retired").GetBoolean() ? "retired" : "on sale",
                v.GetProperty("manifestCid").GetString() ?? "",
            }).ToList();
            await TextTable.WriteAsync(console.Out, ["version", "dataset", "images", "price", "token", "purchases", "status", "manifest"], rows).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
