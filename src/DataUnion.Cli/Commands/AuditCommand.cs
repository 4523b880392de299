using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DataUnion.Cli.Audit;
using DataUnion.Core.Content;
using DataUnion.Ipfs.UnixFs;

namespace DataUnion.Cli.Commands;

/// <summary>
/// <c>dataunion audit IMAGE-FILE-OR-CID --rpc URL --gateway URL</c>: traces an image to the
/// versions that hold it, their proofs, its consent and the versions' purchases. Exit 0 when every
/// check holds, 1 when one fails or the image is in no version, 2 on bad usage.
/// </summary>
internal static class AuditCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(CliConsole console)
    {
        var chain = new ChainOptions();
        var image = new Argument<string>("IMAGE") { Description = "The image's file (its CID is computed here, as kubo's 'ipfs add --cid-version 1' computes it) or its CID." };
        var gateway = new Option<Uri>("--gateway")
        {
            Description = "A trustless IPFS gateway serving the versions' manifests (every block is checked), e.g. the node's public gateway.",
            Required = true,
            CustomParser = result => ChainOptions.HttpUrl(result, "--gateway"),
        };
        var json = new Option<bool>("--json") { Description = "Print the findings as JSON." };
        var command = new Command("audit", "Trace an image to every version that holds it: the proof checked by the market, the consent's digest and signer, the purchases. Trusts neither the operator nor the node.\nExample: dataunion audit photo.jpg --rpc https://rpc.example.org --gateway https://union.example.org/")
        {
            image, gateway, json,
        };
        chain.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var target = parse.GetValue(image)!;
            Cid cid;
            if (File.Exists(target))
            {
                var bytes = await File.ReadAllBytesAsync(target, ct).ConfigureAwait(false);
                cid = (await UnixFsImporter.ImportFileAsync(bytes, ImportOptions.KuboCidV1, DiscardingBlockSink.Instance, ct).ConfigureAwait(false)).Cid;
            }
            else if (!Cid.TryParse(target, out var parsed, out var error))
            {
                await console.Error.WriteLineAsync($"dataunion: '{target}' is neither a file nor a CID ({error})").ConfigureAwait(false);
                return 2;
            }
            else
            {
                cid = parsed!;
            }

            if (cid.Hash.Code != Multicodec.Sha2_256)
            {
                await console.Error.WriteLineAsync($"dataunion: {cid} is not a sha2-256 CID, so no version's leaf can name it").ConfigureAwait(false);
                return 2;
            }

            return await CliActions.RunAsync(console, async () =>
            {
                using var verified = new VerifiedGateway(parse.GetValue(gateway)!);
                using var node = NodeRpcClient.CreatePublic(parse.GetValue(gateway)!);
                var market = await MarketClient.ConnectAsync(parse, chain, node, null, ct).ConfigureAwait(false);
                var report = await new ImageAudit(market, verified).RunAsync(cid, ct).ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    await console.Out.WriteLineAsync(JsonSerializer.Serialize(new { report.Image, report.Digest, report.ChainId, report.Market, holds = report.Holds, report.Versions, report.Unreadable }, Json)).ConfigureAwait(false);
                }
                else
                {
                    await WriteAsync(console.Out, report).ConfigureAwait(false);
                }

                if (report.Versions.Count == 0)
                {
                    await console.Error.WriteLineAsync($"dataunion: {report.Image} is in no published version of the market {report.Market}").ConfigureAwait(false);
                    return 1;
                }

                foreach (var failed in report.Versions.SelectMany(v => v.Checks.Where(c => !c.Passed).Select(c => (v.VersionId, c))))
                {
                    await console.Error.WriteLineAsync($"dataunion: version {failed.VersionId}: FAILED: {failed.c.Name} ({failed.c.Detail})").ConfigureAwait(false);
                }

                return report.Holds ? 0 : 1;
            }).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task WriteAsync(TextWriter output, AuditReport report)
    {
        await output.WriteLineAsync($"image {report.Image} (sha2-256 {report.Digest}) on chain {report.ChainId}, market {report.Market}").ConfigureAwait(false);
        foreach (var version in report.Versions)
        {
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync($"version {version.VersionId} ({version.Dataset}), manifest {version.ManifestCid}, contributor {version.Contributor}, licence {version.Licence}").ConfigureAwait(false);
            await TextTable.WriteAsync(output, ["check", "", "detail"], [.. version.Checks.Select(c => new[] { c.Name, c.Passed ? "ok" : "FAILED", c.Detail })]).ConfigureAwait(false);
            await output.WriteLineAsync($"purchases ({version.Purchases.Count}):").ConfigureAwait(false);
            await TextTable.WriteAsync(output, ["buyer", "price", "fee", "block", "transaction"], [.. version.Purchases.Select(p => new[] { p.Buyer, p.Price, p.Fee, p.Block.ToString(CultureInfo.InvariantCulture), p.Transaction })]).ConfigureAwait(false);
        }

        foreach (var unreadable in report.Unreadable)
        {
            await output.WriteLineAsync($"not checked: {unreadable}").ConfigureAwait(false);
        }
    }
}
