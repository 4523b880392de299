using DataUnion.Core.Content;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Car;
using DataUnion.Ipfs.UnixFs;

namespace DataUnion.Cli;

/// <summary>
/// Receives a version's CAR into a directory, trusting the sender for nothing: every block is
/// checked against its CID into a scratch block store beside the target, the root must be the
/// manifest CID from the chain, no block may be missing, and only then is the tree written and
/// moved into place. On any failure nothing is left behind.
/// </summary>
internal static class VersionReceiver
{
    public static async Task<(int Files, long Bytes)> ReceiveAsync(CliConsole console, Stream car, Cid manifest, string target, long total, CancellationToken cancellationToken)
    {
        var work = $"{target}.partial-{Environment.ProcessId}";
        Directory.CreateDirectory(work);
        try
        {
            using var blocks = new ScratchBlockStore(Path.Combine(work, "blocks.scratch"));
            var reader = await OpenAsync(car, manifest, cancellationToken).ConfigureAwait(false);
            var content = Path.Combine(work, "content");

            // The tree is written while the blocks arrive, on a thread of its own: it follows the
            // CAR's depth-first order a little behind, waiting for each block it needs. Writing it
            // walks every block, so a missing one stops it, and nothing is moved into place.
            var writer = Task.Factory.StartNew(() => WriteTree(blocks, manifest, content, content), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            long bytes;
            try
            {
                bytes = await ReadBlocksAsync(console, reader, blocks, total, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                blocks.Complete();
                await Task.WhenAny(writer).ConfigureAwait(false);
                throw;
            }

            blocks.Complete();
            int written;
            try
            {
                written = await writer.ConfigureAwait(false);
            }
            catch (BlockNotFoundException ex)
            {
                throw new CliFailureException($"the version's CAR is incomplete: {ex.Message}; nothing was written");
            }

            Directory.Move(content, target);
            return (written, bytes);
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

    /// <summary>Stores every block of the CAR, each checked against its CID by the reader.</summary>
    private static async Task<long> ReadBlocksAsync(CliConsole console, CarReader reader, ScratchBlockStore blocks, long total, CancellationToken cancellationToken)
    {
        long bytes = 0;
        try
        {
            using var progress = ProgressReporter.Start(console, total, 8 * 1024 * 1024);
            await reader.ForEachBlockAsync(
                (cid, block) =>
                {
                    blocks.Put(cid, block);
                    bytes += block.Length;
                    progress.Advance(block.Length);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (CarFormatException ex)
        {
            throw new CliFailureException($"the version's CAR is not valid: {ex.Message}; nothing was written");
        }

        return bytes;
    }

    /// <summary>Writes the UnixFS tree under <paramref name="cid"/>; names that would leave <paramref name="root"/> are refused.</summary>
    private static int WriteTree(IBlockStore blocks, Cid cid, string path, string root)
    {
        var node = UnixFsFileReader.Load(blocks, cid);
        if (!UnixFsDirectory.IsDirectory(node))
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            UnixFsFileReader.CopyTo(blocks, cid, file);
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

            files += WriteTree(blocks, entry.Cid, child, root);
        }

        return files;
    }
}
