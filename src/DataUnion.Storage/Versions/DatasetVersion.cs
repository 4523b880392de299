namespace DataUnion.Storage.Versions;

/// <summary>Where a version the node built stands.</summary>
public enum VersionState
{
    /// <summary>Built, not published: it can be rebuilt, and building the domain again replaces it.</summary>
    Draft,

    /// <summary>Its publish intent is in the outbox; from here on it never changes.</summary>
    Publishing,

    /// <summary>The market emitted <c>VersionPublished</c> for it, with its roots.</summary>
    Published,

    /// <summary>
    /// The market gave its version id to other roots (something else was published first), so its
    /// leaves name the wrong version: it can never be claimed against. Build the domain again.
    /// </summary>
    Superseded,
}

/// <summary>A dataset version the node built.</summary>
/// <param name="Domain">The labeling domain it was built from (its dataset).</param>
/// <param name="VersionId">The market's version id its leaves name.</param>
/// <param name="DatasetId">The market's dataset id (decimal).</param>
/// <param name="State">Where it stands.</param>
/// <param name="Root">The root CID of its UnixFS directory: the manifest CID on chain.</param>
/// <param name="Files">The CIDs of its public files: the manifest and the two tree dumps, by path.</param>
/// <param name="ImagesRoot">The image tree's root, 0x hex.</param>
/// <param name="SharesRoot">The shares tree's root, 0x hex.</param>
/// <param name="TotalShares">Share units of all co-owners (decimal).</param>
/// <param name="Price">Price in token units (decimal).</param>
/// <param name="Token">The payment token.</param>
/// <param name="ImageCount">Images in it.</param>
/// <param name="Excluded">Finished images left out, each with why.</param>
/// <param name="ChainId">The chain its leaves name.</param>
/// <param name="Market">The market its leaves name.</param>
/// <param name="BuiltAt">When it was built.</param>
/// <param name="PublishKey">The outbox intent's key, once publishing.</param>
/// <param name="PublishedBlock">The block of its <c>VersionPublished</c> event, once seen.</param>
/// <param name="ClassCounts">Consensus boxes per class in it (null for versions built before they were counted).</param>
public sealed record DatasetVersion(
    string Domain,
    long VersionId,
    string DatasetId,
    VersionState State,
    string Root,
    IReadOnlyDictionary<string, string> Files,
    string ImagesRoot,
    string SharesRoot,
    string TotalShares,
    string Price,
    string Token,
    int ImageCount,
    IReadOnlyList<ExcludedImage> Excluded,
    long ChainId,
    string Market,
    DateTimeOffset BuiltAt,
    string? PublishKey = null,
    long? PublishedBlock = null,
    IReadOnlyDictionary<string, int>? ClassCounts = null);

/// <summary>A finished image a version left out.</summary>
/// <param name="Cid">The image.</param>
/// <param name="Reason">Why it is not in the version.</param>
public sealed record ExcludedImage(string Cid, string Reason);
