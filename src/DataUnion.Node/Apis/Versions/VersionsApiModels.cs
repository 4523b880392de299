using DataUnion.Chain.Outbox;
using DataUnion.Node.Apis.Chain;
using DataUnion.Storage.Versions;

namespace DataUnion.Node.Apis.Versions;

/// <summary>Body of <c>POST /api/v1/versions</c>.</summary>
/// <param name="Domain">The labeling domain to build from.</param>
/// <param name="Price">Price in the token's smallest units, a decimal string from 1 to 2^128-1.</param>
/// <param name="Token">The payment token; default the deployment's DataUnionToken.</param>
public sealed record BuildVersionRequest(string? Domain, string? Price, string? Token);

/// <summary>A version the node built, as the operator sees it.</summary>
/// <param name="Domain">Its dataset (labeling domain).</param>
/// <param name="VersionId">The market's version id its leaves name.</param>
/// <param name="DatasetId">The market's dataset id.</param>
/// <param name="State">draft, publishing, published or superseded.</param>
/// <param name="Root">Root CID of its directory: the manifest CID on chain.</param>
/// <param name="Files">CIDs of its files by path.</param>
/// <param name="ImagesRoot">Image tree root.</param>
/// <param name="SharesRoot">Shares tree root.</param>
/// <param name="TotalShares">Units of all co-owners.</param>
/// <param name="Price">Price in token units.</param>
/// <param name="Token">Payment token.</param>
/// <param name="ImageCount">Images in it.</param>
/// <param name="Excluded">Finished images left out, with why.</param>
/// <param name="BuiltAt">When it was built.</param>
/// <param name="PublishKey">Its outbox intent's key, once publishing.</param>
/// <param name="PublishedBlock">Block of its VersionPublished event, once seen.</param>
public sealed record BuiltVersionView(
    string Domain, long VersionId, string DatasetId, string State, string Root, IReadOnlyDictionary<string, string> Files, string ImagesRoot, string SharesRoot,
    string TotalShares, string Price, string Token, int ImageCount, IReadOnlyList<ExcludedImage> Excluded, DateTimeOffset BuiltAt, string? PublishKey, long? PublishedBlock)
{
    internal static BuiltVersionView From(DatasetVersion v) => new(
        v.Domain, v.VersionId, v.DatasetId, v.State.ToString().ToLowerInvariant(), v.Root, v.Files, v.ImagesRoot, v.SharesRoot, v.TotalShares, v.Price, v.Token,
        v.ImageCount, v.Excluded, v.BuiltAt, v.PublishKey, v.PublishedBlock);
}

/// <summary>A version being published and its outbox intent.</summary>
public sealed record PublishingView(BuiltVersionView Version, IntentView Intent);

/// <summary>A published version, as anyone sees it.</summary>
/// <param name="VersionId">The market's version id.</param>
/// <param name="DatasetId">The market's dataset id.</param>
/// <param name="Dataset">The dataset's name, when this node built it.</param>
/// <param name="Price">Price in token units.</param>
/// <param name="Token">Payment token.</param>
/// <param name="FeeBps">The market's fee on it, in basis points.</param>
/// <param name="ImageCount">Images in it, when this node built it.</param>
/// <param name="ManifestCid">Root CID of the version's directory, from the chain.</param>
/// <param name="ImagesRoot">Image tree root.</param>
/// <param name="SharesRoot">Shares tree root.</param>
/// <param name="TotalShares">Units of all co-owners.</param>
/// <param name="Purchases">Purchases so far.</param>
/// <param name="Retired">True once taken off sale.</param>
/// <param name="PublishedBlock">Block it was published in.</param>
/// <param name="Files">Public files by path (manifest and tree dumps), served under this version's URL, when this node built it.</param>
/// <param name="Classes">Consensus boxes per class, when this node built it.</param>
public sealed record PublishedVersionView(
    string VersionId, string DatasetId, string? Dataset, string Price, string Token, string FeeBps, int? ImageCount, string? ManifestCid,
    string ImagesRoot, string SharesRoot, string TotalShares, int Purchases, bool Retired, long PublishedBlock, IReadOnlyDictionary<string, string>? Files,
    IReadOnlyDictionary<string, int>? Classes = null);
