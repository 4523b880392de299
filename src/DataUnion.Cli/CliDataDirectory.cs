using DataUnion.Core.Hosting;

namespace DataUnion.Cli;

/// <summary>The node data directory the CLI works on: <c>--data-dir</c>, else the node's own default (<see cref="NodeDefaults"/>).</summary>
internal static class CliDataDirectory
{
    public const string Description = "Node data directory (default: " + NodeDefaults.DataDirectoryVariable + ", else " + NodeDefaults.DataDirectory + ", as the node).";

    public static string Resolve(string? option) =>
        NodeDefaults.ResolveDataDirectory(option, Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
}
