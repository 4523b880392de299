using System.Globalization;
using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Store;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Node.Apis.Problems;

namespace DataUnion.Node.Apis.KuboRpc;

public static partial class KuboRpcApi
{
    private static void MapContent(RouteGroupBuilder rpc)
    {
        rpc.MapPost("/add", (HttpContext context, IpfsStore store) => Handle(context, () => AddAsync(context, store)))
            .WithSummary("Add files (multipart; cid-version, raw-leaves, pin, only-hash). Answers one JSON line per entry: Name, Hash, Size.");
        rpc.MapPost("/cat", (HttpContext context, IpfsStore store) => Handle(context, () => CatAsync(context, store)))
            .WithSummary("The bytes of a UnixFS file.");
        rpc.MapPost("/block/get", (HttpContext context, IpfsStore store) => Handle(context, () => BlockGetAsync(context, store)))
            .WithSummary("The raw bytes of one block.");
        rpc.MapPost("/block/put", (HttpContext context, IpfsStore store) => Handle(context, () => BlockPutAsync(context, store)))
            .WithSummary("Store one block (multipart; cid-codec raw|dag-pb, mhtype sha2-256, at most 2 MiB). Answers Key and Size.");
    }

    private static ImportOptions AddOptions(HttpRequest request)
    {
        var cidVersion = KuboRpcArgs.Int(request, "cid-version", 0, 0, 1);
        var rawLeaves = KuboRpcArgs.OptionalBool(request, "raw-leaves") ?? cidVersion == 1;
        var options = new ImportOptions { CidVersion = cidVersion, RawLeaves = rawLeaves };
        var chunker = request.Query["chunker"].ToString();
        if (chunker.Length > 0)
        {
            if (!chunker.StartsWith("size-", StringComparison.Ordinal)
                || !int.TryParse(chunker.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                || size is < 1 or > ImportOptions.MaxChunkSize)
            {
                throw new ProblemException(StatusCodes.Status400BadRequest, $"chunker must be size-N with N from 1 to {ImportOptions.MaxChunkSize}, got \"{chunker}\"");
            }

            options = options with { ChunkSize = size };
        }

        return options;
    }

    private static async Task AddAsync(HttpContext context, IpfsStore store)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        var options = AddOptions(request);
        var pin = KuboRpcArgs.Bool(request, "pin", fallback: true);
        var onlyHash = KuboRpcArgs.Bool(request, "only-hash", fallback: false);
        var tree = new AddTree();
        await using var session = await store.BeginAddAsync(onlyHash, cancellationToken);
        StartStream(context.Response);
        await foreach (var entry in MultipartEntries.ReadAsync(request, cancellationToken))
        {
            if (entry.IsDirectory)
            {
                tree.AddDirectory(entry.Path);
                continue;
            }

            tree.ValidateFilePath(entry.Path);
            var file = await session.AddFileAsync(entry.Content, options, cancellationToken);
            tree.AddFile(entry.Path, file);
            await WriteLineAsync(context.Response, AddLine(entry.Path, file), cancellationToken);
        }

        if (tree.IsEmpty)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "the multipart body holds no file");
        }

        foreach (var (path, directory) in tree.DirectoriesDeepestFirst())
        {
            var link = await session.AddDirectoryAsync(directory, options.CidVersion, cancellationToken);
            tree.Complete(path, link);
            await WriteLineAsync(context.Response, AddLine(path, link), cancellationToken);
        }

        if (pin)
        {
            foreach (var root in tree.Roots)
            {
                session.Pin(root.Cid, PinOwner.KuboRpc);
            }
        }
    }

    private static object AddLine(string name, DagLink link) =>
        new { Name = name, Hash = link.Cid.ToString(), Size = link.TotalSize.ToString(CultureInfo.InvariantCulture) };

    private static async Task CatAsync(HttpContext context, IpfsStore store)
    {
        var cid = KuboRpcArgs.Cids(context.Request)[0];
        UnixFsFileReader.Load(store.Blocks, cid);
        StartStream(context.Response, "text/plain");
        context.Response.Headers["X-Stream-Output"] = "1";
        await UnixFsFileReader.CopyToAsync(store.Blocks, cid, context.Response.Body, context.RequestAborted);
    }

    private static async Task BlockGetAsync(HttpContext context, IpfsStore store)
    {
        var cid = KuboRpcArgs.Cids(context.Request)[0];
        var block = store.Blocks.Get(cid) ?? throw new Ipfs.Blocks.BlockNotFoundException(cid, $"block {cid} is not in the store");
        context.Response.ContentType = "application/octet-stream";
        await context.Response.Body.WriteAsync(block, context.RequestAborted);
    }

    private static async Task BlockPutAsync(HttpContext context, IpfsStore store)
    {
        var request = context.Request;
        ulong codec = request.Query["cid-codec"].ToString() switch
        {
            "" or "raw" => Multicodec.Raw,
            "dag-pb" => Multicodec.DagPb,
            var other => throw new ProblemException(StatusCodes.Status400BadRequest, $"cid-codec \"{other}\" is not supported; use raw or dag-pb"),
        };
        if (request.Query["mhtype"].ToString() is { Length: > 0 } mhtype && mhtype != "sha2-256")
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, $"mhtype \"{mhtype}\" is not supported; use sha2-256");
        }

        // kubo's legacy "format=v0" means a dag-pb block named by a CIDv0.
        var legacyV0 = request.Query["format"].ToString() == "v0";
        codec = legacyV0 ? Multicodec.DagPb : codec;
        var results = new List<object>();
        await foreach (var entry in MultipartEntries.ReadAsync(request, context.RequestAborted))
        {
            using var buffer = new MemoryStream();
            await CopyLimitedAsync(entry.Content, buffer, Ipfs.Blocks.IBlockStore.MaxBlockSize, context.RequestAborted);
            var bytes = buffer.ToArray();
            if (codec == Multicodec.DagPb)
            {
                Ipfs.Dag.DagPbNode.Decode(bytes);
            }

            var hash = Multihash.Sha256(bytes);
            var cid = legacyV0 ? Cid.V0(hash) : Cid.V1(codec, hash);
            using (await store.Locker.EnterSharedAsync(context.RequestAborted))
            {
                store.Blocks.Put(cid, bytes);
            }

            results.Add(new { Key = cid.ToString(), Size = bytes.Length });
        }

        if (results.Count == 0)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "the multipart body holds no block");
        }

        StartStream(context.Response);
        foreach (var result in results)
        {
            await WriteLineAsync(context.Response, result, context.RequestAborted);
        }
    }

    private static async Task CopyLimitedAsync(Stream source, Stream destination, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new ProblemException(StatusCodes.Status413PayloadTooLarge, $"the block is larger than {limit} bytes (2 MiB); blocks that large are refused");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }
}
