using System.CommandLine;
using System.Globalization;
using DataUnion.Core.Content;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Car;
using DataUnion.Ipfs.Dag;
using DataUnion.Ipfs.UnixFs;

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
        var work = $"{target}.partial-{Environment.ProcessId}";
        Directory.CreateDirectory(work);
        try
        {
            using (var blocks = BlockStores.Open(Path.Combine(work, "blocks"), BlockStoreLayout.Packed))
            {
                using var response = await member.SendAsync(HttpMethod.Get, $"api/v1/versions/{versionId}/car", null, cancellationToken).ConfigureAwait(false);
                var total = long.TryParse(response.Headers.TryGetValues("X-Dag-Size", out var sizes) ? sizes.FirstOrDefault() : null, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : 0;
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                var car = await ReadCarAsync(console, body, blocks, manifest, total, cancellationToken).ConfigureAwait(false);
                var content = Path.Combine(work, "content");
                var written = await WriteTreeAsync(blocks, manifest, content, content, cancellationToken).ConfigureAwait(false);
                Directory.Move(content, target);
                return (written, car);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Stores every block of the CAR (each checked against its CID by the reader), and checks its root and that the DAG is whole.</summary>
    private static async Task<long> ReadCarAsync(CliConsole console, Stream body, IBlockStore blocks, Cid manifest, long total, CancellationToken cancellationToken)
    {
        long bytes = 0;
        try
        {
            var reader = await CarReader.OpenAsync(body, cancellationToken).ConfigureAwait(false);
            if (reader.Roots.Count != 1 || reader.Roots[0].ToV1().ToString() != manifest.ToString())
            {
                throw new CliFailureException($"the node's CAR is rooted at {string.Join(", ", reader.Roots)}, but the market published the version with {manifest}; nothing was written");
            }

            var batch = blocks.BeginBatch();
            using (var progress = ProgressReporter.Start(console, total, 8 * 1024 * 1024))
            {
                await foreach (var (cid, block) in reader.ReadBlocksAsync(cancellationToken).ConfigureAwait(false))
                {
                    blocks.Put(cid, block, batch);
                    bytes += block.Length;
                    progress.Advance(block.Length);
                }
            }

            batch.Commit();
        }
        catch (CarFormatException ex)
        {
            throw new CliFailureException($"the version's CAR is not valid: {ex.Message}; nothing was written");
        }

        try
        {
            foreach (var _ in DagWalker.DepthFirst(blocks, manifest))
            {
            }
        }
        catch (BlockNotFoundException ex)
        {
            throw new CliFailureException($"the version's CAR is incomplete: {ex.Message}; nothing was written");
        }

        return bytes;
    }

    /// <summary>Writes the UnixFS tree under <paramref name="cid"/>; names that would leave <paramref name="root"/> are refused.</summary>
    private static async Task<int> WriteTreeAsync(IBlockStore blocks, Cid cid, string path, string root, CancellationToken cancellationToken)
    {
        var node = UnixFsFileReader.Load(blocks, cid);
        if (!UnixFsDirectory.IsDirectory(node))
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            await UnixFsFileReader.CopyToAsync(blocks, cid, file, cancellationToken).ConfigureAwait(false);
            return 1;
        }

        Directory.CreateDirectory(path);
        var files = 0;
        foreach (var entry in UnixFsDirectory.Entries(blocks, cid, node))
        {
            DirectoryBuilder.ValidateName(entry.Name);
            var child = Path.GetFullPath(Path.Combine(path, entry.Name));
            if (!child.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new CliFailureException($"the entry '{entry.Name}' would be written outside the download directory; refused");
            }

            files += await WriteTreeAsync(blocks, entry.Cid, child, root, cancellationToken).ConfigureAwait(false);
        }

        return files;
    }
}
