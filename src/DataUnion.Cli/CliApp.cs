using System.CommandLine;
using DataUnion.Cli.Commands;

namespace DataUnion.Cli;

/// <summary>The <c>dataunion</c> command tree. Exit codes: 0 success, 1 the operation failed, 2 bad usage.</summary>
public static class CliApp
{
    private const string RootDescription = """
        DataUnionNode: a dataset owned by the people who make it.

          operator   node, ipfs, version,     run the node and its IPFS store, build and publish
                     labeling                 versions, run labeling
          member     contribute, shares,      contribute photos and sign their consent; see and claim
                     claim                    your co-ownership (labelers label in the node's API)
          buyer      versions, buy, download  list versions, buy one from your wallet, download it verified
          auditor    audit                    trace an image to its versions, proofs, consent and buyers
          anyone     wallet, consensus        keystores; aggregate crowd boxes offline

        Exit codes: 0 done, 1 the operation failed (the reason is printed), 2 bad usage.
        'dataunion COMMAND --help' shows each command's options and an example.
        """;

    /// <summary>Parses <paramref name="args"/> and runs the command with text-only output.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, new CliConsole(output, error, Stream.Null, ShowProgress: false));

    /// <summary>Parses <paramref name="args"/> and runs the command on <paramref name="console"/>.</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var (output, error) = (console.Out, console.Error);
        var root = new RootCommand(RootDescription)
        {
            // Operator
            NodeCommands.Create(output, error),
            IpfsCommands.Create(console),
            VersionCommands.Create(console),
            LabelingCommands.Create(console),

            // Members: contributors and labelers
            ContributeCommand.Create(console),
            SharesCommand.Create(console),
            ClaimCommand.Create(console),

            // Buyers
            VersionsCommand.Create(console),
            BuyCommand.Create(console),
            DownloadCommand.Create(console),

            // Auditors
            AuditCommand.Create(console),

            // Anyone
            WalletCommands.Create(console),
            ConsensusCommand.Create(console),
            FairnessCommand.Create(console),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync($"dataunion: {problem.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'dataunion --help' for usage.").ConfigureAwait(false);
            return 2;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).ConfigureAwait(false);
    }
}
