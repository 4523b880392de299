using System.Numerics;

namespace DataUnion.Chain.Versions;

/// <summary>What a dataset version is published as, besides its images.</summary>
/// <param name="ChainId">The chain the market is on.</param>
/// <param name="Market">The DatasetMarket's address.</param>
/// <param name="VersionId">The id the market will give the version (leaves name it, so a proof cannot serve another version).</param>
/// <param name="DatasetId">The market's dataset id: <see cref="DatasetIds.Of"/> of the dataset's name.</param>
/// <param name="Dataset">The dataset's name (the labeling domain).</param>
/// <param name="Classes">The domain's class names; COCO category ids are their 1-based places in ordinal order.</param>
/// <param name="Price">Price in the token's smallest units.</param>
/// <param name="Token">The payment token's address.</param>
/// <param name="LicenceId">The licence's id.</param>
/// <param name="LicenceText">The licence's full text.</param>
/// <param name="LicenceHash">keccak256 of the text, 0x hex.</param>
/// <param name="Created">When the version was built.</param>
public sealed record VersionTerms(
    long ChainId,
    string Market,
    BigInteger VersionId,
    ulong DatasetId,
    string Dataset,
    IReadOnlyList<string> Classes,
    BigInteger Price,
    string Token,
    string LicenceId,
    string LicenceText,
    string LicenceHash,
    DateTimeOffset Created);
