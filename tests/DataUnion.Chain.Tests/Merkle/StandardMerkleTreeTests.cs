using System.Numerics;
using System.Text.Json;
using DataUnion.Chain.Merkle;
using DataUnion.Testing;
using Nethereum.Util;

namespace DataUnion.Chain.Tests.Merkle;

/// <summary>The C# StandardMerkleTree against @openzeppelin/merkle-tree (npm): same roots, same proofs.</summary>
public sealed class StandardMerkleTreeTests : IDisposable
{
    private const long ChainId = 31337;
    private const string Market = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private readonly TempDirectory _directory = new();

    private static string AddressOf(int i) => AddressUtil.Current.ConvertToChecksumAddress(
        "0x" + Convert.ToHexString(Sha3Keccack.Current.CalculateHash(BitConverter.GetBytes(i)))[..40]);

    private static byte[] Digest(string seed) => Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes(seed));

    private async Task<JsonElement> ReferenceAsync(object request)
    {
        var file = _directory.Combine($"tree-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(request));
        return JsonDocument.Parse(await NodeJs.RunAsync("tests/reference/merkle.mjs", TimeSpan.FromMinutes(1), file)).RootElement.Clone();
    }

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexString(bytes).ToLowerInvariant();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    [InlineData(10000)]
    public async Task SharesTree_SameRootAndProofsAsOpenZeppelin(int count)
    {
        var entries = Enumerable.Range(0, count).Select(i => (Account: AddressOf(i), Shares: new BigInteger((i * 7919 % 1000) + 1))).ToArray();
        var tree = StandardMerkleTree.Of([.. entries.Select(e => StandardMerkleTree.SharesLeaf(ChainId, Market, 4, e.Account, e.Shares))]);
        int[] sampled = [.. new[] { 0, count / 2, count - 1 }.Distinct()];

        var reference = await ReferenceAsync(new
        {
            encoding = new[] { "uint256", "address", "uint256", "address", "uint256" },
            values = entries.Select(e => new object[] { ChainId.ToString(), Market, "4", e.Account, e.Shares.ToString() }).ToArray(),
            proofsFor = sampled,
        });

        Assert.Equal(reference.GetProperty("root").GetString(), Hex(tree.Root));
        foreach (var i in sampled)
        {
            var expected = reference.GetProperty("proofs").GetProperty(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).EnumerateArray().Select(p => p.GetString()).ToArray();
            Assert.Equal(expected, tree.GetProof(i).Select(Hex).ToArray());
            Assert.True(StandardMerkleTree.Verify(tree.Root, StandardMerkleTree.SharesLeaf(ChainId, Market, 4, entries[i].Account, entries[i].Shares), tree.GetProof(i)));
        }
    }

    [Fact]
    public async Task ImagesTree_SameRootAsOpenZeppelin()
    {
        var images = Enumerable.Range(0, 33).Select(i => (Cid: Digest($"image {i}"), Contributor: AddressOf(i % 5), Consent: Digest($"consent {i}"))).ToArray();
        var tree = StandardMerkleTree.Of([.. images.Select(x => StandardMerkleTree.ImageLeaf(ChainId, Market, 2, x.Cid, x.Contributor, x.Consent))]);

        var reference = await ReferenceAsync(new
        {
            encoding = new[] { "uint256", "address", "uint256", "bytes32", "address", "bytes32" },
            values = images.Select(x => new object[] { ChainId.ToString(), Market, "2", Hex(x.Cid), x.Contributor, Hex(x.Consent) }).ToArray(),
            proofsFor = new[] { 5 },
        });

        Assert.Equal(reference.GetProperty("root").GetString(), Hex(tree.Root));
        Assert.False(StandardMerkleTree.Verify(tree.Root, StandardMerkleTree.ImageLeaf(ChainId, Market, 3, images[5].Cid, images[5].Contributor, images[5].Consent), tree.GetProof(5)));
    }

    [Fact]
    public void Of_BadLeaves_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => StandardMerkleTree.Of([]));
        Assert.Throws<ArgumentException>(() => StandardMerkleTree.Of([new byte[31]]));
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Of_LeavesSharingTheirFirstEightBytes_AreOrderedByTheWholeHash()
    {
        // Leaves that tie on the 8-byte sort key and differ only further in, given in a shuffled order.
        var random = new Random(8);
        var leaves = Enumerable.Range(0, 300).Select(i =>
        {
            var leaf = new byte[32];
            random.NextBytes(leaf);
            leaf.AsSpan(0, 8).Fill((byte)(i % 3));
            return leaf;
        }).ToList();

        var tree = StandardMerkleTree.Of(leaves);

        // The reference: sort by the whole hash, lay out the array, hash up.
        var sorted = leaves.OrderBy(l => Convert.ToHexString(l), StringComparer.Ordinal).ToList();
        var nodes = new byte[(2 * sorted.Count) - 1][];
        for (var i = 0; i < sorted.Count; i++)
        {
            nodes[nodes.Length - 1 - i] = sorted[i];
        }

        for (var i = nodes.Length - 1 - sorted.Count; i >= 0; i--)
        {
            nodes[i] = StandardMerkleTree.HashPair(nodes[(2 * i) + 1], nodes[(2 * i) + 2]);
        }

        Assert.Equal(Hex(nodes[0]), Hex(tree.Root));
        for (var i = 0; i < leaves.Count; i += 37)
        {
            Assert.True(StandardMerkleTree.Verify(tree.Root, leaves[i], tree.GetProof(i)));
        }
    }
}
