using System.Numerics;
using Nethereum.ABI;
using Nethereum.Util;

namespace DataUnion.Chain.Merkle;

/// <summary>
/// OpenZeppelin's StandardMerkleTree, byte for byte: leaves are
/// <c>keccak256(keccak256(abi.encode(fields)))</c>, sorted ascending, laid out as a complete
/// binary tree in an array, and inner nodes hash the sorted pair. Roots and proofs equal those of
/// the npm <c>@openzeppelin/merkle-tree</c>, and verify with <c>MerkleProof.verifyCalldata</c>.
/// The leaf layouts are those of contracts/README.md.
/// </summary>
public sealed class StandardMerkleTree
{
    private readonly byte[][] _tree;
    private readonly int[] _treeIndexOfLeaf;

    private StandardMerkleTree(byte[][] tree, int[] treeIndexOfLeaf)
    {
        _tree = tree;
        _treeIndexOfLeaf = treeIndexOfLeaf;
    }

    /// <summary>The root.</summary>
    public byte[] Root => _tree[0];

    /// <summary>Number of leaves.</summary>
    public int Count => _treeIndexOfLeaf.Length;

    /// <summary>Every node, root first, as the complete binary tree's array (OpenZeppelin's <c>tree</c>).</summary>
    public IReadOnlyList<byte[]> Nodes => _tree;

    /// <summary>Where the leaf given at <paramref name="leafIndex"/> to <see cref="Of"/> sits in <see cref="Nodes"/>.</summary>
    public int TreeIndexOf(int leafIndex) => _treeIndexOfLeaf[leafIndex];

    /// <summary>Builds the tree over already hashed leaves, given in any order.</summary>
    public static StandardMerkleTree Of(IReadOnlyList<byte[]> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        if (leafHashes.Count == 0)
        {
            throw new ArgumentException("a Merkle tree needs at least one leaf", nameof(leafHashes));
        }

        if (leafHashes.Any(leaf => leaf is not { Length: 32 }))
        {
            throw new ArgumentException("every leaf hash must be 32 bytes", nameof(leafHashes));
        }

        var order = Enumerable.Range(0, leafHashes.Count).OrderBy(i => leafHashes[i], ByteOrder.Instance).ToArray();
        var tree = new byte[(2 * leafHashes.Count) - 1][];
        var treeIndexOfLeaf = new int[leafHashes.Count];
        for (var sorted = 0; sorted < order.Length; sorted++)
        {
            var at = tree.Length - 1 - sorted;
            tree[at] = leafHashes[order[sorted]];
            treeIndexOfLeaf[order[sorted]] = at;
        }

        for (var i = tree.Length - 1 - leafHashes.Count; i >= 0; i--)
        {
            tree[i] = HashPair(tree[(2 * i) + 1], tree[(2 * i) + 2]);
        }

        return new StandardMerkleTree(tree, treeIndexOfLeaf);
    }

    /// <summary>The proof of the leaf given at <paramref name="leafIndex"/> to <see cref="Of"/>.</summary>
    public IReadOnlyList<byte[]> GetProof(int leafIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(leafIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leafIndex, Count);
        var proof = new List<byte[]>();
        for (var at = _treeIndexOfLeaf[leafIndex]; at > 0; at = (at - 1) / 2)
        {
            proof.Add(_tree[at % 2 == 1 ? at + 1 : at - 1]);
        }

        return proof;
    }

    /// <summary>True when <paramref name="proof"/> leads from <paramref name="leaf"/> to <paramref name="root"/>.</summary>
    public static bool Verify(byte[] root, byte[] leaf, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var node = leaf;
        foreach (var sibling in proof)
        {
            node = HashPair(node, sibling);
        }

        return node.AsSpan().SequenceEqual(root);
    }

    /// <summary>The shares leaf (chainId, market, versionId, account, shares).</summary>
    public static byte[] SharesLeaf(long chainId, string market, BigInteger versionId, string account, BigInteger shares) => Leaf(
        new ABIValue("uint256", new BigInteger(chainId)),
        new ABIValue("address", market),
        new ABIValue("uint256", versionId),
        new ABIValue("address", account),
        new ABIValue("uint256", shares));

    /// <summary>The image leaf (chainId, market, versionId, cidDigest, contributor, consentHash).</summary>
    public static byte[] ImageLeaf(long chainId, string market, BigInteger versionId, byte[] cidDigest, string contributor, byte[] consentHash) => Leaf(
        new ABIValue("uint256", new BigInteger(chainId)),
        new ABIValue("address", market),
        new ABIValue("uint256", versionId),
        new ABIValue("bytes32", Check32(cidDigest, nameof(cidDigest))),
        new ABIValue("address", contributor),
        new ABIValue("bytes32", Check32(consentHash, nameof(consentHash))));

    /// <summary>keccak256 of the sorted pair: the inner node of a StandardMerkleTree.</summary>
    public static byte[] HashPair(byte[] a, byte[] b) =>
        Sha3Keccack.Current.CalculateHash(ByteOrder.Instance.Compare(a, b) <= 0 ? [.. a, .. b] : [.. b, .. a]);

    private static byte[] Leaf(params ABIValue[] fields) =>
        Sha3Keccack.Current.CalculateHash(Sha3Keccack.Current.CalculateHash(new ABIEncode().GetABIEncoded(fields)));

    private static byte[] Check32(byte[] value, string name) =>
        value is { Length: 32 } ? value : throw new ArgumentException($"{name} must be 32 bytes", name);

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
