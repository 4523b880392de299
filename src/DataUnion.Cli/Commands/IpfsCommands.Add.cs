using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using DataUnion.Ipfs.UnixFs;

namespace DataUnion.Cli.Commands;

internal static partial class IpfsCommands
{
    private const long ProgressThreshold = 16L * 1024 * 1024;

    private static Command CreateAdd(CliConsole console, ConnectionOptions connection)
    {
        var paths = new Argument<string[]>("path") { Arity = ArgumentArity.OneOrMore, Description = "Files, or directories with -r." };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Add directories and everything in them." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print CIDs only, one per line, the root last." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per entry, {\"Name\", \"Hash\"}, the root last." };
        var cidVersion = new Option<int>("--cid-version") { Description = "0 (default) or 1; 1 turns raw leaves on." };
        cidVersion.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is not (0 or 1))
            {
                r.AddError("--cid-version must be 0 or 1");
            }
        });
        var rawLeaves = new Option<bool?>("--raw-leaves") { Description = "Leaves as raw blocks (default: on with --cid-version=1)." };
        var onlyHash = new Option<bool>("--only-hash", "-n") { Description = "Only compute CIDs; needs no running node." };
        var pin = new Option<bool>("--pin") { Description = "Pin what is added (default true).", DefaultValueFactory = _ => true };
        var command = new Command("add", "Add files to the node (as kubo's ipfs add), printing 'added <cid> <name>'.")
        {
            paths, recursive, quiet, json, cidVersion, rawLeaves, onlyHash, pin,
        };
        command.SetAction((parse, ct) => RunAsync(console, async () =>
        {
            var version = parse.GetValue(cidVersion);
            var options = new ImportOptions { CidVersion = version, RawLeaves = parse.GetValue(rawLeaves) ?? version == 1 };
            var entries = AddEntry.Collect(parse.GetValue(paths)!, parse.GetValue(recursive));
            var printer = new AddPrinter(console.Out, parse.GetValue(quiet), parse.GetValue(json));
            if (parse.GetValue(onlyHash))
            {
                await AddEntry.HashLocallyAsync(entries, options, printer, ct).ConfigureAwait(false);
                return 0;
            }

            using var client = NodeRpcClient.Create(connection.Resolve(parse));
            using var progress = ProgressReporter.Start(console, entries.Sum(e => e.Length), ProgressThreshold);
            using var form = AddEntry.ToMultipart(entries, progress);
            var query = string.Create(CultureInfo.InvariantCulture, $"api/v0/add?cid-version={version}&raw-leaves={options.RawLeaves.ToString().ToLowerInvariant()}&pin={parse.GetValue(pin).ToString().ToLowerInvariant()}");
            using var response = await client.PostAsync(query, form, ct).ConfigureAwait(false);
            await foreach (var line in NodeRpcClient.ReadLinesAsync(response, ct).ConfigureAwait(false))
            {
                await printer.PrintAsync(line.GetProperty("Hash").GetString()!, line.GetProperty("Name").GetString()!).ConfigureAwait(false);
            }

            return 0;
        }));
        return command;
    }

    /// <summary>Prints add results as kubo does.</summary>
    private sealed class AddPrinter(TextWriter output, bool quiet, bool json)
    {
        public Task PrintAsync(string cid, string name) => output.WriteLineAsync(
            json ? System.Text.Json.JsonSerializer.Serialize(new { Name = name, Hash = cid })
            : quiet ? cid : $"added {cid} {name}");
    }

    /// <summary>A file or directory to add, with its path as the node will name it.</summary>
    private sealed record AddEntry(string Name, string FullPath, bool IsDirectory, long Length)
    {
        public static List<AddEntry> Collect(string[] paths, bool recursive)
        {
            var entries = new List<AddEntry>();
            foreach (var path in paths)
            {
                var full = Path.GetFullPath(path);
                var name = Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar));
                if (File.Exists(full))
                {
                    entries.Add(new AddEntry(name, full, false, new FileInfo(full).Length));
                }
                else if (Directory.Exists(full))
                {
                    if (!recursive)
                    {
                        throw new CliFailureException($"'{path}' is a directory; use -r to add it with everything in it");
                    }

                    AddDirectory(entries, name, full);
                }
                else
                {
                    throw new CliFailureException($"'{path}' does not exist");
                }
            }

            return entries;
        }

        public static MultipartFormDataContent ToMultipart(List<AddEntry> entries, ProgressReporter progress)
        {
            var form = new MultipartFormDataContent();
            foreach (var entry in entries)
            {
                HttpContent part = entry.IsDirectory
                    ? new ByteArrayContent([])
                    : new StreamContent(new ProgressStream(File.OpenRead(entry.FullPath), progress), 1 << 20);
                part.Headers.ContentType = new MediaTypeHeaderValue(entry.IsDirectory ? "application/x-directory" : "application/octet-stream");
                part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data")
                {
                    Name = "\"file\"",
                    FileName = "\"" + Uri.EscapeDataString(entry.Name) + "\"",
                };
                form.Add(part);
            }

            return form;
        }

        public static async Task HashLocallyAsync(List<AddEntry> entries, ImportOptions options, AddPrinter printer, CancellationToken cancellationToken)
        {
            var directories = new Dictionary<string, DirectoryBuilder>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (entry.IsDirectory)
                {
                    directories[entry.Name] = new DirectoryBuilder();
                    continue;
                }

                await using var file = File.OpenRead(entry.FullPath);
                var link = await UnixFsImporter.ImportFileAsync(file, options, DiscardingBlockSink.Instance, cancellationToken).ConfigureAwait(false);
                await printer.PrintAsync(link.Cid.ToString(), entry.Name).ConfigureAwait(false);
                if (Parent(entry.Name) is { } parent)
                {
                    directories[parent].Add(Path.GetFileName(entry.Name), link);
                }
            }

            foreach (var name in directories.Keys.OrderByDescending(n => n.Count(c => c == '/')).ThenBy(n => n, StringComparer.Ordinal).ToList())
            {
                var link = await directories[name].BuildAsync(options.CidVersion, DiscardingBlockSink.Instance, cancellationToken).ConfigureAwait(false);
                await printer.PrintAsync(link.Cid.ToString(), name).ConfigureAwait(false);
                if (Parent(name) is { } parent)
                {
                    directories[parent].Add(Path.GetFileName(name), link);
                }
            }
        }

        private static void AddDirectory(List<AddEntry> entries, string name, string full)
        {
            entries.Add(new AddEntry(name, full, true, 0));
            foreach (var child in Directory.EnumerateFileSystemEntries(full).Order(StringComparer.Ordinal))
            {
                var childName = $"{name}/{Path.GetFileName(child)}";
                if (Directory.Exists(child))
                {
                    AddDirectory(entries, childName, child);
                }
                else
                {
                    entries.Add(new AddEntry(childName, child, false, new FileInfo(child).Length));
                }
            }
        }

        private static string? Parent(string name)
        {
            var slash = name.LastIndexOf('/');
            return slash < 0 ? null : name[..slash];
        }
    }
}
