using DataUnion.Chain.Versions;
using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Dag;
using DataUnion.Ipfs.Store;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Node.Apis.Problems;

namespace DataUnion.Node.Versions;

/// <summary>
/// Writes a version's UnixFS directory into the store: <c>manifest.json</c>,
/// <c>annotations.json</c>, <c>images/</c> (each image linked by its CID, not copied; a HAMT once
/// it is large, as kubo writes it) and <c>trees/</c>, all CIDv1 with raw leaves, and pins the root.
/// </summary>
public static class VersionWriter
{
    /// <summary>Writes <paramref name="content"/> and pins its root for <paramref name="owner"/>; returns the root and the CIDs of its files by path.</summary>
    /// <exception cref="ProblemException">409 when an image is not in the store.</exception>
    public static async Task<(Cid Root, Dictionary<string, string> Files)> WriteAsync(
        IpfsStore store, VersionContent content, PinOwner owner, string pinName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(content);
        await using var session = await store.BeginAddAsync(cancellationToken: cancellationToken);
        var options = ImportOptions.KuboCidV1;
        async Task<DagLink> File(byte[] bytes) => await session.AddFileAsync(new MemoryStream(bytes, writable: false), options, cancellationToken);

        var manifest = await File(content.Manifest());
        var annotations = await File(content.Annotations());
        var imagesDump = await File(content.ImagesDump());
        var sharesDump = await File(content.SharesDump());

        var images = new DirectoryBuilder();
        foreach (var image in content.Images)
        {
            var cid = Cid.Parse(image.Cid);
            images.Add(image.FileName["images/".Length..], new DagLink(cid, 0, TotalSize(store, cid)));
        }

        var trees = new DirectoryBuilder()
            .Add(Path.GetFileName(VersionContent.ImagesTreePath), imagesDump)
            .Add(Path.GetFileName(VersionContent.SharesTreePath), sharesDump);
        var root = new DirectoryBuilder()
            .Add(VersionContent.ManifestPath, manifest)
            .Add(VersionContent.AnnotationsPath, annotations)
            .Add("images", await session.AddDirectoryAsync(images, 1, cancellationToken))
            .Add("trees", await session.AddDirectoryAsync(trees, 1, cancellationToken));
        var rootLink = await session.AddDirectoryAsync(root, 1, cancellationToken);
        session.Pin(rootLink.Cid, owner, pinName);
        return (rootLink.Cid, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [VersionContent.ManifestPath] = manifest.Cid.ToString(),
            [VersionContent.ImagesTreePath] = imagesDump.Cid.ToString(),
            [VersionContent.SharesTreePath] = sharesDump.Cid.ToString(),
            [VersionContent.AnnotationsPath] = annotations.Cid.ToString(),
        });
    }

    /// <summary>An image DAG's Tsize, from its root block alone: a raw block's length, or a dag-pb node's length plus its links' sizes.</summary>
    private static ulong TotalSize(IpfsStore store, Cid cid)
    {
        var block = store.Blocks.Get(cid)
            ?? throw new ProblemException(new ApiProblem(StatusCodes.Status409Conflict, "Image missing", [$"the image {cid} is not in the store, so no version can hold it"]));
        if (cid.Codec == Multicodec.Raw)
        {
            return (ulong)block.Length;
        }

        var total = (ulong)block.Length;
        foreach (var link in DagPbNode.Decode(block).Links)
        {
            total += link.TotalSize ?? 0;
        }

        return total;
    }
}
