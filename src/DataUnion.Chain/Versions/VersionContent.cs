using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using DataUnion.Chain.Merkle;
using DataUnion.Core.Fairness;
using Nethereum.Util;

namespace DataUnion.Chain.Versions;

/// <summary>
/// A dataset version's files, computed from its images: the image tree and the shares tree (the
/// leaves of contracts/README.md), each also as an <c>@openzeppelin/merkle-tree</c> dump; the
/// annotations in COCO detection format; and the manifest, which lists every image with its
/// consent and every co-owner's units, so anyone can rebuild both roots and check every consent.
/// Pure: the same images and terms give the same bytes.
/// </summary>
public sealed class VersionContent
{
    /// <summary>The manifest's <c>format</c>.</summary>
    public const string ManifestFormat = "dataunion-version/1";

    /// <summary>Path of the manifest inside the version's directory.</summary>
    public const string ManifestPath = "manifest.json";

    /// <summary>Path of the COCO annotations.</summary>
    public const string AnnotationsPath = "annotations.json";

    /// <summary>Path of the image tree's dump.</summary>
    public const string ImagesTreePath = "trees/images.json";

    /// <summary>Path of the shares tree's dump.</summary>
    public const string SharesTreePath = "trees/shares.json";

    private VersionContent(
        VersionTerms terms, IReadOnlyList<VersionImage> images, StandardMerkleTree imageTree, StandardMerkleTree sharesTree,
        IReadOnlyList<KeyValuePair<string, long>> shares, BigInteger totalShares, CompositionSummary? composition)
    {
        (Terms, Images, ImageTree, SharesTree, Shares, TotalShares, Composition) = (terms, images, imageTree, sharesTree, shares, totalShares, composition);
    }

    /// <summary>The terms it was built with.</summary>
    public VersionTerms Terms { get; }

    /// <summary>The images, in CID order (the manifest's order and the image tree's values).</summary>
    public IReadOnlyList<VersionImage> Images { get; }

    /// <summary>The image tree.</summary>
    public StandardMerkleTree ImageTree { get; }

    /// <summary>The shares tree.</summary>
    public StandardMerkleTree SharesTree { get; }

    /// <summary>Each co-owner's units across the version (lower-case addresses, ordinal order): the shares tree's leaves.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Shares { get; }

    /// <summary>The units of all co-owners: the version's <c>totalShares</c>.</summary>
    public BigInteger TotalShares { get; }

    /// <summary>Who the version represents (aggregates only), written into the manifest; null leaves it out.</summary>
    public CompositionSummary? Composition { get; }

    /// <summary>Computes both trees over <paramref name="images"/>.</summary>
    /// <param name="terms">The version's terms.</param>
    /// <param name="images">Its images.</param>
    /// <param name="composition">Who it represents, for the manifest.</param>
    /// <exception cref="ArgumentException">No images, an image twice, a digest not 32 bytes, or share units that do not fit the market.</exception>
    public static VersionContent Build(VersionTerms terms, IReadOnlyList<VersionImage> images, CompositionSummary? composition = null)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("a version needs at least one image", nameof(images));
        }

        var ordered = images.OrderBy(i => i.Cid, StringComparer.Ordinal).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Cid == ordered[i - 1].Cid)
            {
                throw new ArgumentException($"the image {ordered[i].Cid} is in the version twice", nameof(images));
            }
        }

        var imageLeaves = new byte[ordered.Count][];
        Parallel.For(0, ordered.Count, i =>
            imageLeaves[i] = StandardMerkleTree.ImageLeaf(terms.ChainId, terms.Market, terms.VersionId, ordered[i].CidDigest, ordered[i].Consent.Contributor, ordered[i].ConsentHash));

        var sums = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var image in ordered)
        {
            foreach (var (owner, units) in image.Shares)
            {
                var key = owner.ToLowerInvariant();
                sums[key] = checked(sums.GetValueOrDefault(key) + units);
            }
        }

        var shares = sums.Where(s => s.Value > 0).ToList();
        var total = shares.Aggregate(BigInteger.Zero, (sum, s) => sum + s.Value);
        if (total <= 0 || total > ulong.MaxValue)
        {
            throw new ArgumentException($"the version's share units add up to {total}; the market takes 1 to 2^64-1", nameof(images));
        }

        var sharesLeaves = new byte[shares.Count][];
        Parallel.For(0, shares.Count, i => sharesLeaves[i] = StandardMerkleTree.SharesLeaf(terms.ChainId, terms.Market, terms.VersionId, shares[i].Key, shares[i].Value));
        var sharesTree = StandardMerkleTree.Of(sharesLeaves);
        return new VersionContent(terms, ordered, StandardMerkleTree.Of(imageLeaves), sharesTree, shares, total, composition);
    }

    /// <summary>The manifest (UTF-8 JSON).</summary>
    public byte[] Manifest() => Json(new ManifestWriter(this).Write);

    /// <summary>The COCO detection annotations (UTF-8 JSON).</summary>
    public byte[] Annotations() => Json(new CocoWriter(this).Write);

    /// <summary>The image tree's dump.</summary>
    public byte[] ImagesDump()
    {
        var addresses = new Addresses();
        var (chain, market, version) = (Number(Terms.ChainId), addresses.Checksum(Terms.Market), Terms.VersionId.ToString(CultureInfo.InvariantCulture));
        var values = Images.Select(i => (IReadOnlyList<string>)[chain, market, version, Hex(i.CidDigest), addresses.Checksum(i.Consent.Contributor), Hex(i.ConsentHash)]).ToList();
        return Json(w => StandardMerkleTreeDump.Write(w, ImageTree, StandardMerkleTreeDump.ImagesEncoding, values));
    }

    /// <summary>The shares tree's dump.</summary>
    public byte[] SharesDump()
    {
        var addresses = new Addresses();
        var (chain, market, version) = (Number(Terms.ChainId), addresses.Checksum(Terms.Market), Terms.VersionId.ToString(CultureInfo.InvariantCulture));
        var values = Shares.Select(s => (IReadOnlyList<string>)[chain, market, version, addresses.Checksum(s.Key), Number(s.Value)]).ToList();
        return Json(w => StandardMerkleTreeDump.Write(w, SharesTree, StandardMerkleTreeDump.SharesEncoding, values));
    }

    internal static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);

    internal static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>EIP-55 checksums, computed once per address.</summary>
    internal sealed class Addresses
    {
        private readonly Dictionary<string, string> _checksums = new(StringComparer.OrdinalIgnoreCase);

        public string Checksum(string address)
        {
            if (!_checksums.TryGetValue(address, out var checksum))
            {
                checksum = AddressUtil.Current.ConvertToChecksumAddress(address);
                _checksums[address] = checksum;
            }

            return checksum;
        }
    }
}
