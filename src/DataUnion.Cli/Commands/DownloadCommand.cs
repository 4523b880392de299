using System.CommandLine;
using System.Globalization;
using DataUnion.Core.Content;

namespace DataUnion.Cli.Commands;

/// <summary>
/// <c>dataunion download VERSION -o DIR --wallet W</c>: a buyer signs in, receives the version's
/// CAR, and writes it to disk only once every block hashes to its CID, the DAG is whole, and its
/// root is the manifest CID the market published the version with.
/// </summary>
internal static class DownloadCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var chain = new ChainOptions();
        var wallet = new MemberWallet();
        var version = new Argument<long>("VERSION") { Description = "The version id on the market." };
        var output = new Option<string>("--output", "-o") { Description = "Directory to write the version to; it must not exist yet.", Required = true };
        var command = new Command("download", "Download a version you bought, verified block by block against its manifest CID on chain.\nExample: dataunion download 3 -o ./faces-v3 --wallet ~/buyer.json")
        {
            version, output,
        };
        command.Options.Add(connection.Api);
        chain.AddTo(command);
        wallet.AddTo(command);
        command.SetAction((parse, ct) => CliActions.RunAsync(console, async () =>
        {
            var versionId = parse.GetValue(version);
            var target = Path.GetFullPath(parse.GetValue(output)!);
            if (Directory.Exists(target) || File.Exists(target))
            {
                throw new CliFailureException($"'{target}' already exists; download into a new directory");
            }

            var key = wallet.Unlock(parse, console);
            var api = parse.GetValue(connection.Api)!;
            using var node = NodeRpcClient.CreatePublic(api);
            var market = await MarketClient.ConnectAsync(parse, chain, node, null, ct).ConfigureAwait(false);
            var manifest = (await market.ManifestCidAsync(versionId, ct).ConfigureAwait(false)).ToV1();
            using var member = await MemberSession.SignInAsync(api, key, market.ChainId, "Sign in to download a dataset version I bought.", ct).ConfigureAwait(false);
            var (files, bytes) = await DownloadAsync(console, member, versionId, manifest, target, ct).ConfigureAwait(false);
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"version {versionId}: {files} files, {bytes / 1048576.0:0.0} MiB in {target}; every block verified, root {manifest} is the manifest CID on chain")).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static async Task<(int Files, long Bytes)> DownloadAsync(CliConsole console, NodeRpcClient member, long versionId, Cid manifest, string target, CancellationToken cancellationToken)
    {
        using var response = await member.SendAsync(HttpMethod.Get, $"api/v1/versions/{versionId}/car", null, cancellationToken).ConfigureAwait(false);
        var total = long.TryParse(response.Headers.TryGetValues("X-Dag-Size", out var sizes) ? sizes.FirstOrDefault() : null, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : 0;
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await VersionReceiver.ReceiveAsync(console, body, manifest, target, total, cancellationToken).ConfigureAwait(false);
    }
}
