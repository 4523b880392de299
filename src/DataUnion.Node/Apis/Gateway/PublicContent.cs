using System.Collections.Concurrent;
using DataUnion.Core.Content;
using DataUnion.Ipfs.Dag;
using DataUnion.Ipfs.Store;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Node.Contributions;
using DataUnion.Node.Versions;
using DataUnion.Storage.Contributions;
using DataUnion.Storage.Labeling;
using DataUnion.Storage.Versions;

namespace DataUnion.Node.Apis.Gateway;

/// <summary>
/// What an anonymous reader may fetch through a public gateway. Contributed images are personal
/// data, labeling images are the union's work in progress, and a dataset version's images and
/// annotations are sold: none of them is public, whatever CID names them and whatever pin holds
/// them. A published version's manifest and tree dumps are public (hashes and addresses), with
/// its root directory block alone, so an auditor can check the manifest against the root CID on
/// chain. Everything else (what the operator added and pinned) is public.
/// </summary>
public sealed class PublicContent(IpfsStore store, LiteDbContributionStore contributions, LabelingEngine labeling, VersionService versions)
{
    private static readonly string[] PrivateOwnerKinds = ["contribution:", "labeling:", "version:"];

    private readonly ConcurrentDictionary<string, VersionBlocks> _versions = new(StringComparer.Ordinal);

    /// <summary>
    /// Null when <paramref name="cid"/> may be served to anyone, else why not. <paramref name="blockOnly"/>:
    /// the request is for this one block (raw, or a CAR of scope block), not the DAG below it.
    /// </summary>
    public string? WhyPrivate(Cid cid, bool blockOnly)
    {
        ArgumentNullException.ThrowIfNull(cid);
        var key = cid.ToV1().ToString();
        foreach (var version in versions.Drafts().Concat(versions.Sent()))
        {
            var blocks = BlocksOf(version);
            if (version.State == VersionState.Published && blocks.Public.Contains(key))
            {
                return null;
            }

            if (version.State == VersionState.Published && key == blocks.Root)
            {
                return blockOnly ? null : "a dataset version is sold: only its root block, manifest and tree dumps are public (ask for ?format=raw, or /ipfs/<root>/manifest.json)";
            }

            if (version.State != VersionState.Published && (key == blocks.Root || blocks.Public.Contains(key)))
            {
                return "it is part of a dataset version not published yet";
            }

            if (key == blocks.Root || blocks.Private.Contains(key))
            {
                return "it is part of a dataset version, which only its buyers download";
            }
        }

        if (contributions.Find(ContributionService.Key(cid)) is not null)
        {
            return "it is a member's contributed image";
        }

        if (labeling.Image(cid.ToString()) is not null)
        {
            return "it is an image in labeling";
        }

        return store.FindPin(cid)?.Owners.FirstOrDefault(o => PrivateOwnerKinds.Any(k => o.StartsWith(k, StringComparison.Ordinal))) is { } owner
            ? $"it is held for '{owner}', which is not public"
            : null;
    }

    /// <summary>The blocks of a version's directory that are public and those that are not (its images excepted: they are known by their own records).</summary>
    private VersionBlocks BlocksOf(DatasetVersion version) => _versions.GetOrAdd(version.Root, _ =>
    {
        var root = Cid.Parse(version.Root);
        var rootNode = UnixFsFileReader.Load(store.Blocks, root);
        var publicBlocks = new HashSet<string>(StringComparer.Ordinal);
        var privateBlocks = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Apis.Versions.VersionsApi.PublicFiles)
        {
            AddDag(Cid.Parse(version.Files[path]), publicBlocks);
        }

        if (UnixFsDirectory.Find(store.Blocks, root, rootNode, "trees") is { } trees)
        {
            publicBlocks.Add(trees.Cid.ToV1().ToString());
        }

        if (version.Files.TryGetValue(DataUnion.Chain.Versions.VersionContent.AnnotationsPath, out var annotations))
        {
            AddDag(Cid.Parse(annotations), privateBlocks);
        }

        if (UnixFsDirectory.Find(store.Blocks, root, rootNode, "images") is { } images)
        {
            AddShards(images.Cid, privateBlocks);
        }

        return new VersionBlocks(root.ToV1().ToString(), publicBlocks, privateBlocks);
    });

    private void AddDag(Cid root, HashSet<string> into)
    {
        foreach (var (cid, _) in DagWalker.DepthFirst(store.Blocks, root))
        {
            into.Add(cid.ToV1().ToString());
        }
    }

    /// <summary>The images directory's own blocks: the directory, or every shard of its HAMT; not the images.</summary>
    private void AddShards(Cid directory, HashSet<string> into)
    {
        into.Add(directory.ToV1().ToString());
        var node = UnixFsFileReader.Load(store.Blocks, directory);
        if (node.Kind != UnixFsKind.HamtShard)
        {
            return;
        }

        foreach (var link in node.Links.Where(l => l.Name.Length == 2))
        {
            AddShards(link.Cid, into);
        }
    }

    private sealed record VersionBlocks(string Root, HashSet<string> Public, HashSet<string> Private);
}
