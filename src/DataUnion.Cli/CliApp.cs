using System.CommandLine;
using DataUnion.Cli.Commands;

namespace DataUnion.Cli;

/// <summary>The <c>dataunion</c> command tree. Exit codes: 0 success, 1 the operation failed, 2 bad usage.</summary>
public static class CliApp
{
    /// <summary>Parses <paramref name="args"/> and runs the command with text-only output.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, new CliConsole(output, error, Stream.Null, ShowProgress: false));

    /// <summary>Parses <paramref name="args"/> and runs the command on <paramref name="console"/>.</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var (output, error) = (console.Out, console.Error);
        var root = new RootCommand("DataUnionNode command-line interface: talk to a running node.")
        {
            NodeCommands.Create(output, error),
            IpfsCommands.Create(console),
            WalletCommands.Create(console),
            ConsensusCommand.Create(console),
            VersionCommands.Create(console),
            VersionsCommand.Create(console),
            BuyCommand.Create(console),
            DownloadCommand.Create(console),
            ContributeCommand.Create(console),
            SharesCommand.Create(console),
            ClaimCommand.Create(console),
            AuditCommand.Create(console),
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
