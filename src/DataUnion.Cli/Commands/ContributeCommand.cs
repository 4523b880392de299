using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;

namespace DataUnion.Cli.Commands;

/// <summary>
/// <c>dataunion contribute PHOTO... --domain D --wallet W</c>: uploads photos (the node strips their
/// metadata), signs each one's consent with the member's wallet, and prints each CID and status.
/// </summary>
internal static class ContributeCommand
{
    /// <summary>Photos per upload request (the node's default Contributions:MaxFilesPerUpload).</summary>
    private const int PerRequest = 20;

    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var chain = new ChainOptions();
        var wallet = new MemberWallet();
        var photos = new Argument<string[]>("PHOTO") { Description = "JPEG, PNG or WebP files.", Arity = ArgumentArity.OneOrMore };
        var domain = new Option<string>("--domain") { Description = "The dataset (labeling domain) to contribute to.", Required = true };
        var attributes = new Option<string[]>("--attribute") { Description = "A self-declared attribute for the fairness statistics, name=value (repeatable; see the node's terms).", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print the contributions as JSON." };
        var command = new Command("contribute", "Contribute photos: upload them (metadata is stripped), sign each consent with your wallet, and see each CID and status.\nExample: dataunion contribute park.jpg market.jpg --domain faces --wallet ~/me.json --attribute region=europe")
        {
            photos, domain, attributes, json,
        };
        command.Options.Add(connection.Api);
        chain.AddTo(command);
        wallet.AddTo(command);
        command.SetAction((parse, ct) => CliActions.RunAsync(console, async () =>
        {
            var files = parse.GetValue(photos)!;
            foreach (var file in files.Where(f => !File.Exists(f)))
            {
                throw new CliFailureException($"no such file: '{file}'");
            }

            var declared = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var attribute in parse.GetValue(attributes) ?? [])
            {
                var parts = attribute.Split('=', 2);
                if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                {
                    throw new CliFailureException($"--attribute '{attribute}' is not name=value");
                }

                declared[parts[0]] = parts[1];
            }

            var key = wallet.Unlock(parse, console);
            var api = parse.GetValue(connection.Api)!;
            using var node = NodeRpcClient.CreatePublic(api);
            var market = await MarketClient.ConnectAsync(parse, chain, node, null, ct).ConfigureAwait(false);
            using var member = await MemberSession.SignInAsync(api, key, market.ChainId, "Sign in to contribute photos.", ct).ConfigureAwait(false);
            var results = new List<JsonElement>();
            foreach (var batch in files.Chunk(PerRequest))
            {
                foreach (var uploaded in await UploadAsync(member, parse.GetValue(domain)!, declared, batch, ct).ConfigureAwait(false))
                {
                    results.Add(await ConsentAsync(member, uploaded, key, ct).ConfigureAwait(false));
                }
            }

            if (parse.GetValue(json))
            {
                using var document = JsonDocument.Parse(JsonSerializer.Serialize(results));
                await CliActions.WriteJsonAsync(console.Out, document.RootElement).ConfigureAwait(false);
            }
            else
            {
                await TextTable.WriteAsync(console.Out, ["file", "cid", "status"], [.. results.Select((r, i) => new[] { Path.GetFileName(files[i]), r.GetProperty("cid").GetString()!, r.GetProperty("status").GetString()! })]).ConfigureAwait(false);
            }

            return 0;
        }));
        return command;
    }

    private static async Task<List<JsonElement>> UploadAsync(NodeRpcClient member, string domain, Dictionary<string, string> attributes, string[] files, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent { { new StringContent(domain), "domain" } };
        if (attributes.Count > 0)
        {
            form.Add(new StringContent(JsonSerializer.Serialize(attributes)), "attributes");
        }

        foreach (var file in files)
        {
            var content = new ByteArrayContent(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "files", Path.GetFileName(file));
        }

        using var response = await member.SendAsync(HttpMethod.Post, "api/v1/contributions", form, cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>Signs the consent the upload returned (as a wallet's eth_signTypedData_v4) unless it is signed already.</summary>
    private static async Task<JsonElement> ConsentAsync(NodeRpcClient member, JsonElement uploaded, EthECKey key, CancellationToken cancellationToken)
    {
        if (uploaded.GetProperty("status").GetString() != "awaiting-consent")
        {
            return uploaded;
        }

        var cid = uploaded.GetProperty("cid").GetString()!;
        var signature = Eip712TypedDataSigner.Current.SignTypedDataV4(uploaded.GetProperty("consent").GetProperty("typedData").GetRawText(), key);
        return await member.JsonAsync(HttpMethod.Post, $"api/v1/contributions/{Uri.EscapeDataString(cid)}/consent", new { signature }, cancellationToken).ConfigureAwait(false);
    }
}
