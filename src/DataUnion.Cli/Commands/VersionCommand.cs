using System.CommandLine;
using System.Reflection;

namespace DataUnion.Cli.Commands;

/// <summary><c>dataunion version</c>.</summary>
internal static class VersionCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("version", "Print the CLI version.");
        command.SetAction(async (_, cancellationToken) =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            await output.WriteLineAsync($"dataunion {version}".AsMemory(), cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
