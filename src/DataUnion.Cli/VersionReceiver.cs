using DataUnion.Core.Content;
using DataUnion.Ipfs.Car;
using DataUnion.Ipfs.Dag;

namespace DataUnion.Cli;

/// <summary>
/// Receives a version's CAR into a directory, trusting the sender for nothing: the root must be the
/// manifest CID from the chain, every block is checked against its CID as it is read, each is
/// written straight to its place in the tree (<see cref="StreamingTree"/>), and a block the tree
/// links but the CAR lacks fails the download. The tree is written into a scratch folder beside
/// the target and moved into place only when everything checked out; on any failure nothing is
/// left behind.
/// </summary>
internal static class VersionReceiver
{
    public static async Task<(int Files, long Bytes)> ReceiveAsync(CliConsole console, Stream car, Cid manifest, string target, long total, CancellationToken cancellationToken)
    {
        var work = $"{target}.partial-{Environment.ProcessId}";
        Directory.CreateDirectory(work);
        try
        {
            var reader = await OpenAsync(car, manifest, cancellationToken).ConfigureAwait(false);
            var content = Path.Combine(work, "content");
            long bytes = 0;
            int files;
            using (var tree = new StreamingTree(manifest, content))
            {
                try
                {
                    using var progress = ProgressReporter.Start(console, total, 8 * 1024 * 1024);
                    await reader.ForEachBlockAsync(
                        (cid, block) =>
                        {
                            tree.Add(cid, block);
                            bytes += block.Length;
                            progress.Advance(block.Length);
                        },
                        cancellationToken).ConfigureAwait(false);
                }
                catch (CarFormatException ex)
                {
                    throw new CliFailureException($"the version's CAR is not valid: {ex.Message}; nothing was written");
                }
                catch (DagFormatException ex)
                {
                    throw new CliFailureException($"the version's CAR is not a UnixFS tree: {ex.Message}; nothing was written");
                }

                tree.Finish();
                files = tree.Files;
            }

            Directory.Move(content, target);
            return (files, bytes);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Opens the CAR and checks its root is the manifest CID from the chain.</summary>
    private static async Task<CarReader> OpenAsync(Stream body, Cid manifest, CancellationToken cancellationToken)
    {
        try
        {
            var reader = await CarReader.OpenAsync(body, cancellationToken).ConfigureAwait(false);
            return reader.Roots.Count == 1 && reader.Roots[0].ToV1().ToString() == manifest.ToString()
                ? reader
                : throw new CliFailureException($"the node's CAR is rooted at {string.Join(", ", reader.Roots)}, but the market published the version with {manifest}; nothing was written");
        }
        catch (CarFormatException ex)
        {
            throw new CliFailureException($"the version's CAR is not valid: {ex.Message}; nothing was written");
        }
    }
}
