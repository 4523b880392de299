namespace DataUnion.Storage.Contributions;

/// <summary>Where a contribution stands.</summary>
public enum ContributionState
{
    /// <summary>Uploaded and pinned; the contributor has not signed the consent yet. It expires unsigned.</summary>
    AwaitingConsent,

    /// <summary>The consent is signed and verified; the image is in its domain's labeling pool.</summary>
    Consented,

    /// <summary>The contributor withdrew it: it is in no future version and out of the labeling pool.</summary>
    Withdrawn,
}

/// <summary>An image a member contributed, with the consent it was given under.</summary>
/// <param name="Key">The image's identity: <c>mh:</c> and the hex of its CID's multihash, so every CID of the bytes is one contribution.</param>
/// <param name="Cid">The CID the image was pinned under.</param>
/// <param name="Contributor">The contributor's wallet, lower-case.</param>
/// <param name="Domain">The labeling domain (the dataset) it is contributed to.</param>
/// <param name="Kind">jpeg, png or webp.</param>
/// <param name="Bytes">Size of the stripped image.</param>
/// <param name="Width">Width in pixels, as stored (before the EXIF orientation).</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Orientation">The EXIF orientation (1–8) viewers apply; 1 when there was none.</param>
/// <param name="UploadedAt">When it was uploaded.</param>
/// <param name="Deadline">The consent's deadline: unsigned after this, it expires.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Consent">The typed consent's fields, as the contributor is asked to sign them.</param>
/// <param name="Attributes">Self-declared attributes for fairness statistics (opt-in; never shown per image).</param>
/// <param name="Signature">The consent signature, once verified.</param>
/// <param name="ConsentDigest">The EIP-712 digest of the consent asked for and, once consented, signed (the image leaf's consentHash), 0x hex.</param>
/// <param name="Signer">"eoa" or "contract" (ERC-1271), once verified.</param>
/// <param name="ConsentedAt">When the consent was verified.</param>
/// <param name="WithdrawnAt">When it was withdrawn.</param>
/// <param name="Sequence">Upload order, for paging.</param>
public sealed record Contribution(
    string Key,
    string Cid,
    string Contributor,
    string Domain,
    string Kind,
    long Bytes,
    int Width,
    int Height,
    int Orientation,
    DateTimeOffset UploadedAt,
    DateTimeOffset Deadline,
    ContributionState State,
    ConsentTerms Consent,
    IReadOnlyDictionary<string, string> Attributes,
    string? Signature = null,
    string? ConsentDigest = null,
    string? Signer = null,
    DateTimeOffset? ConsentedAt = null,
    DateTimeOffset? WithdrawnAt = null,
    long Sequence = 0);

/// <summary>The fields of the typed consent besides the contributor and the image.</summary>
/// <param name="ChainId">The chain of the EIP-712 domain.</param>
/// <param name="Market">The market contract of the EIP-712 domain.</param>
/// <param name="Licence">The licence's id.</param>
/// <param name="LicenceHash">keccak256 of the licence's full text, 0x hex.</param>
/// <param name="AttributesHash">keccak256 of the salted canonical attributes (or zero), 0x hex.</param>
/// <param name="Deadline">Unix seconds.</param>
/// <param name="AttributesSalt">The random salt inside <paramref name="AttributesHash"/>, 0x hex, shown to the contributor only; null when no attributes were declared.</param>
public sealed record ConsentTerms(long ChainId, string Market, string Licence, string LicenceHash, string AttributesHash, long Deadline, string? AttributesSalt = null);
