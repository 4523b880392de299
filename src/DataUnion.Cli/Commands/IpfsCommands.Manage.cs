using System.CommandLine;
using System.Net.Http.Headers;

namespace DataUnion.Cli.Commands;

internal static partial class IpfsCommands
{
    private static Command CreatePin(CliConsole console, ConnectionOptions connection)
    {
        var addCids = new Argument<string[]>("cid") { Arity = ArgumentArity.OneOrMore, Description = "CIDs already in the store." };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Pin the whole DAG (default true).", DefaultValueFactory = _ => true };
        var add = new Command("add", "Pin CIDs.") { addCids, recursive };
        add.SetAction((parse, ct) => RunAsync(console, async () =>
        {
            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            var mode = parse.GetValue(recursive) ? "recursively" : "directly";
            foreach (var cid in parse.GetValue(addCids)!)
            {
                using var _ = await client.PostAsync($"api/v0/pin/add?arg={Query(cid)}&recursive={parse.GetValue(recursive).ToString().ToLowerInvariant()}", null, ct).ConfigureAwait(false);
                await console.Out.WriteLineAsync($"pinned {cid} {mode}").ConfigureAwait(false);
            }

            return 0;
        }));

        var rmCids = new Argument<string[]>("cid") { Arity = ArgumentArity.OneOrMore };
        var rm = new Command("rm", "Unpin CIDs.") { rmCids };
        rm.SetAction((parse, ct) => RunAsync(console, async () =>
        {
            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            foreach (var cid in parse.GetValue(rmCids)!)
            {
                using var _ = await client.PostAsync($"api/v0/pin/rm?arg={Query(cid)}", null, ct).ConfigureAwait(false);
                await console.Out.WriteLineAsync($"unpinned {cid}").ConfigureAwait(false);
            }

            return 0;
        }));

        var type = new Option<string>("--type", "-t") { Description = "all, direct or recursive.", DefaultValueFactory = _ => "all" };
        type.AcceptOnlyFromAmong("all", "direct", "recursive");
        var json = new Option<bool>("--json") { Description = "One JSON object per pin (kubo's {\"Cid\", \"Type\"} lines)." };
        var ls = new Command("ls", "List pins: '<cid> <type>' per line.") { type, json };
        ls.SetAction((parse, ct) => RunAsync(console, async () =>
        {
            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            using var response = await client.PostAsync($"api/v0/pin/ls?type={parse.GetValue(type)}&stream=true", null, ct).ConfigureAwait(false);
            await foreach (var line in NodeRpcClient.ReadLinesAsync(response, ct).ConfigureAwait(false))
            {
                await console.Out.WriteLineAsync(parse.GetValue(json) ? line.GetRawText() : $"{line.GetProperty("Cid").GetString()} {line.GetProperty("Type").GetString()}").ConfigureAwait(false);
            }

            return 0;
        }));

        return new Command("pin", "Pin, unpin and list pins.") { add, rm, ls };
    }

    private static Command CreateDag(CliConsole console, ConnectionOptions connection)
    {
        var cid = CidArgument();
        var export = new Command("export", "Write the DAG under a CID as a CARv1 to standard output.") { cid };
        export.SetAction((parse, ct) => RunAsync(console, async () =>
        {
            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            using var response = await client.PostAsync($"api/v0/dag/export?arg={Query(parse.GetValue(cid)!)}", null, ct).ConfigureAwait(false);
            await response.Content.CopyToAsync(console.StandardOutput, ct).ConfigureAwait(false);
            await console.StandardOutput.FlushAsync(ct).ConfigureAwait(false);
            return 0;
        }));

        var files = new Argument<string[]>("file") { Arity = ArgumentArity.OneOrMore, Description = "CARv1 or CARv2 files." };
        var import = new Command("import", "Import CAR files; every block is verified and the roots are pinned.") { files };
        import.SetAction((parse, ct) => RunAsync(console, async () =>
        {
            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            using var form = new MultipartFormDataContent();
            foreach (var file in parse.GetValue(files)!)
            {
                var part = new StreamContent(File.OpenRead(file));
                part.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.ipld.car");
                part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = "\"" + Uri.EscapeDataString(Path.GetFileName(file)) + "\"" };
                form.Add(part);
            }

            using var response = await client.PostAsync("api/v0/dag/import", form, ct).ConfigureAwait(false);
            await foreach (var line in NodeRpcClient.ReadLinesAsync(response, ct).ConfigureAwait(false))
            {
                await console.Out.WriteLineAsync($"Pinned root\t{line.GetProperty("Root").GetProperty("Cid").GetProperty("/").GetString()}\tsuccess").ConfigureAwait(false);
            }

            return 0;
        }));

        return new Command("dag", "Export and import CAR files.") { export, import };
    }

    private static Command CreateRepo(CliConsole console, ConnectionOptions connection)
    {
        var gc = new Command("gc", "Delete every block no pin reaches.");
        gc.SetAction((parse, ct) => RunAsync(console, async () =>
        {
            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            using var response = await client.PostAsync("api/v0/repo/gc", null, ct).ConfigureAwait(false);
            await foreach (var line in NodeRpcClient.ReadLinesAsync(response, ct).ConfigureAwait(false))
            {
                await console.Out.WriteLineAsync($"removed {line.GetProperty("Key").GetProperty("/").GetString()}").ConfigureAwait(false);
            }

            return 0;
        }));

        var verify = new Command("verify", "Re-hash every block, remove leftovers of interrupted writes; exit 1 when a block is damaged.");
        verify.SetAction((parse, ct) => RunAsync(console, async () =>
        {
            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            using var response = await client.PostAsync("api/v0/repo/verify", null, ct).ConfigureAwait(false);
            var healthy = true;
            await foreach (var line in NodeRpcClient.ReadLinesAsync(response, ct).ConfigureAwait(false))
            {
                var message = line.GetProperty("Msg").GetString();
                healthy &= !line.TryGetProperty("Damaged", out var damaged) || !damaged.GetBoolean();
                await console.Out.WriteLineAsync(message).ConfigureAwait(false);
            }

            return healthy ? 0 : 1;
        }));

        return new Command("repo", "Maintain the block store.") { gc, verify };
    }
}
