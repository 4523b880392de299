using System.CommandLine;
using DataUnion.Core.Content;
using DataUnion.Ipfs.UnixFs;

namespace DataUnion.Cli.Commands;

internal static partial class IpfsCommands
{
    private static Argument<string> CidArgument() => new("cid")
    {
        Description = "A CID (Qm… or b…).",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (!Cid.TryParse(text, out _, out var error))
            {
                result.AddError($"'{text}' is not a CID: {error}");
            }

            return text;
        },
    };

    private static Command CreateCat(CliConsole console, ConnectionOptions connection)
    {
        var cid = CidArgument();
        var command = new Command("cat", "Write a file's bytes to standard output.") { cid };
        command.SetAction((parse, ct) => RunAsync(console, async () =>
        {
            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            using var response = await client.PostAsync($"api/v0/cat?arg={Query(parse.GetValue(cid)!)}", null, ct).ConfigureAwait(false);
            await response.Content.CopyToAsync(console.StandardOutput, ct).ConfigureAwait(false);
            await console.StandardOutput.FlushAsync(ct).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static Command CreateGet(CliConsole console, ConnectionOptions connection)
    {
        var cid = CidArgument();
        var outputPath = new Option<string?>("--output", "-o") { Description = "Where to write (default: ./<cid>). Must not exist yet." };
        var command = new Command("get", "Write a file or directory tree to disk. Entry names are checked: nothing lands outside the output path.")
        {
            cid, outputPath,
        };
        command.SetAction((parse, ct) => RunAsync(console, async () =>
        {
            var root = Cid.Parse(parse.GetValue(cid)!);
            var target = Path.GetFullPath(parse.GetValue(outputPath) ?? root.ToString());
            if (File.Exists(target) || Directory.Exists(target))
            {
                throw new CliFailureException($"'{target}' already exists; choose another path with -o");
            }

            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            await GetAsync(client, root, target, target, ct).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"Saving file(s) to {target}").ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static async Task<UnixFsNode> NodeAsync(NodeRpcClient client, Cid cid, CancellationToken cancellationToken)
    {
        using var blockResponse = await client.PostAsync($"api/v0/block/get?arg={cid}", null, cancellationToken).ConfigureAwait(false);
        var block = await blockResponse.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!cid.Hash.Matches(block))
        {
            throw new CliFailureException($"the node sent bytes for {cid} that do not hash to it; nothing more is written");
        }

        return UnixFsNode.Decode(cid, block);
    }

    /// <summary>A directory's entries: a plain directory's links, or a HAMT's entries gathered shard by shard.</summary>
    private static async Task<List<DataUnion.Ipfs.Dag.DagPbLink>> EntriesAsync(NodeRpcClient client, UnixFsNode node, CancellationToken cancellationToken)
    {
        if (node.Kind == UnixFsKind.Directory)
        {
            return [.. node.Links];
        }

        var entries = new List<DataUnion.Ipfs.Dag.DagPbLink>();
        foreach (var link in node.Links)
        {
            if (link.Name.Length > 2)
            {
                entries.Add(link with { Name = link.Name[2..] });
            }
            else if (await NodeAsync(client, link.Cid, cancellationToken).ConfigureAwait(false) is { Kind: UnixFsKind.HamtShard } shard)
            {
                entries.AddRange(await EntriesAsync(client, shard, cancellationToken).ConfigureAwait(false));
            }
            else
            {
                throw new CliFailureException($"{link.Cid} is linked as a HAMT shard but is not one; nothing more is written");
            }
        }

        return entries;
    }

    private static async Task GetAsync(NodeRpcClient client, Cid cid, string target, string outputRoot, CancellationToken cancellationToken)
    {
        var node = await NodeAsync(client, cid, cancellationToken).ConfigureAwait(false);
        if (UnixFsDirectory.IsDirectory(node))
        {
            Directory.CreateDirectory(target);
            foreach (var link in await EntriesAsync(client, node, cancellationToken).ConfigureAwait(false))
            {
                DirectoryBuilder.ValidateName(link.Name);
                var child = Path.GetFullPath(Path.Combine(target, link.Name));
                if (!child.StartsWith(outputRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new CliFailureException($"the entry '{link.Name}' of {cid} would be written outside '{outputRoot}'; refused");
                }

                await GetAsync(client, link.Cid, child, outputRoot, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (node.Kind == UnixFsKind.Unsupported)
        {
            throw new CliFailureException($"{cid} is a UnixFS type this CLI does not write to disk");
        }

        // Written beside the target and renamed, so an interrupted get leaves no half file under its name.
        var temp = $"{target}.part-{Environment.ProcessId}";
        try
        {
            using var response = await client.PostAsync($"api/v0/cat?arg={cid}", null, cancellationToken).ConfigureAwait(false);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                await response.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, target);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
