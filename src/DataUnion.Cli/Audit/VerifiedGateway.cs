using DataUnion.Core.Content;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Car;
using DataUnion.Ipfs.Dag;
using DataUnion.Ipfs.UnixFs;

namespace DataUnion.Cli.Audit;

/// <summary>
/// Reads UnixFS content through any trustless gateway, trusting it for nothing: every block is
/// checked against its CID (raw blocks here, CAR blocks by the reader) into a scratch block store,
/// and a DAG with a block missing is refused.
/// </summary>
internal sealed class VerifiedGateway : IDisposable
{
    private readonly HttpClient _http;
    private readonly TempFolder _scratch = new();
    private readonly IBlockStore _blocks;

    public VerifiedGateway(Uri gateway)
    {
        Gateway = gateway;
        _http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromMinutes(5) };
        _blocks = BlockStores.Open(Path.Combine(_scratch.Path, "blocks"), BlockStoreLayout.Packed);
    }

    public Uri Gateway { get; }

    /// <summary>The bytes of the file at <paramref name="path"/> under the directory <paramref name="root"/>, every block verified.</summary>
    public async Task<byte[]> FileAsync(Cid root, string path, CancellationToken cancellationToken)
    {
        var current = root;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            await BlockAsync(current, cancellationToken).ConfigureAwait(false);
            var node = UnixFsFileReader.Load(_blocks, current);
            if (!UnixFsDirectory.IsDirectory(node) || UnixFsDirectory.Find(_blocks, current, node, segment) is not { } link)
            {
                throw new CliFailureException($"{current} has no entry '{segment}' (path {path} under {root})");
            }

            current = link.Cid;
        }

        await DagAsync(current, cancellationToken).ConfigureAwait(false);
        using var bytes = new MemoryStream();
        await UnixFsFileReader.CopyToAsync(_blocks, current, bytes, cancellationToken).ConfigureAwait(false);
        return bytes.ToArray();
    }

    /// <summary>Fetches one block raw and checks it hashes to <paramref name="cid"/>.</summary>
    private async Task BlockAsync(Cid cid, CancellationToken cancellationToken)
    {
        if (_blocks.Has(cid))
        {
            return;
        }

        var block = await GetAsync($"ipfs/{cid}?format=raw", cancellationToken, async r => await r.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        if (!cid.Hash.Matches(block))
        {
            throw new CliFailureException($"the gateway {Gateway} sent bytes for {cid} that do not hash to it");
        }

        _blocks.Put(cid, block);
    }

    /// <summary>Fetches the DAG under <paramref name="root"/> as a CAR, each block checked, and checks nothing is missing.</summary>
    private async Task DagAsync(Cid root, CancellationToken cancellationToken)
    {
        await GetAsync($"ipfs/{root}?format=car&dag-scope=all", cancellationToken, async response =>
        {
            try
            {
                var reader = await CarReader.OpenAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                await foreach (var (cid, block) in reader.ReadBlocksAsync(cancellationToken).ConfigureAwait(false))
                {
                    _blocks.Put(cid, block);
                }
            }
            catch (CarFormatException ex)
            {
                throw new CliFailureException($"the gateway {Gateway} sent a bad CAR for {root}: {ex.Message}");
            }

            return 0;
        }).ConfigureAwait(false);
        try
        {
            foreach (var _ in DagWalker.DepthFirst(_blocks, root))
            {
            }
        }
        catch (BlockNotFoundException ex)
        {
            throw new CliFailureException($"the gateway {Gateway} sent an incomplete DAG for {root}: {ex.Message}");
        }
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken, Func<HttpResponseMessage, Task<T>> read)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CliFailureException($"the gateway {Gateway} does not answer: {ex.Message}");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new CliFailureException($"the gateway {Gateway} answered {(int)response.StatusCode} for /{path}");
            }

            return await read(response).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _blocks.Dispose();
        _http.Dispose();
        _scratch.Dispose();
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dataunion-audit-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // Never created.
            }
        }
    }
}
