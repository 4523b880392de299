using System.CommandLine;

namespace DataUnion.Cli.Commands;

/// <summary><c>dataunion ipfs …</c>: kubo's verbs against the node's embedded store.</summary>
internal static partial class IpfsCommands
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var ipfs = new Command("ipfs", "Add, read, pin and export content in the node's IPFS store (kubo's verbs).\nExample: dataunion ipfs add -r ./photos")
        {
            CreateAdd(console, connection),
            CreateCat(console, connection),
            CreateGet(console, connection),
            CreatePin(console, connection),
            CreateDag(console, connection),
            CreateRepo(console, connection),
        };
        connection.AddTo(ipfs);
        return ipfs;
    }

    /// <summary>Runs <paramref name="action"/>, turning expected failures into <c>dataunion: …</c> and exit 1.</summary>
    private static Task<int> RunAsync(CliConsole console, Func<Task<int>> action) => CliActions.RunAsync(console, action);

    private static string Query(string cid) => Uri.EscapeDataString(cid);
}
