using DataUnion.Chain.Signing;
using DataUnion.Core.Labeling;

namespace DataUnion.Chain.Versions;

/// <summary>A finished, consented image as it goes into a dataset version.</summary>
/// <param name="Cid">The image's root CID, as pinned.</param>
/// <param name="Extension">File extension without the dot: jpg, png or webp.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="CidDigest">The sha2-256 digest inside the CID (32 bytes): the leaf's <c>cidDigest</c> and the consent's <c>image</c>.</param>
/// <param name="Consent">The consent the contributor signed.</param>
/// <param name="Signature">The consent signature, 0x hex.</param>
/// <param name="Signer">"eoa" or "contract" (ERC-1271).</param>
/// <param name="ConsentHash">The consent's EIP-712 digest (32 bytes): the leaf's <c>consentHash</c>.</param>
/// <param name="Labelers">The labelers whose answers counted when the image was finished.</param>
/// <param name="Shares">The image's co-ownership share units per owner (contributor and labelers).</param>
/// <param name="Objects">The consensus boxes.</param>
public sealed record VersionImage(
    string Cid,
    string Extension,
    int Width,
    int Height,
    byte[] CidDigest,
    Consent Consent,
    string Signature,
    string Signer,
    byte[] ConsentHash,
    IReadOnlyList<string> Labelers,
    IReadOnlyDictionary<string, long> Shares,
    IReadOnlyList<ConsensusObject> Objects)
{
    /// <summary>The image's path inside the version's directory.</summary>
    public string FileName => $"images/{Cid}.{Extension}";
}
