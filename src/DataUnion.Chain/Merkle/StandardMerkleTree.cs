using System.Numerics;
using DataUnion.Core.Hashing;

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

        var order = SortedOrder(leafHashes);
        var tree = new byte[(2 * leafHashes.Count) - 1][];
        var treeIndexOfLeaf = new int[leafHashes.Count];
        for (var sorted = 0; sorted < order.Length; sorted++)
        {
            var at = tree.Length - 1 - sorted;
            tree[at] = leafHashes[order[sorted]];
            treeIndexOfLeaf[order[sorted]] = at;
        }

        // Level by level from the bottom: a node's children are always on the level below, so
        // each level's nodes hash independently (in parallel on large levels).
        var end = tree.Length - leafHashes.Count; // nodes [0, end) are inner
        while (end > 0)
        {
            var start = LevelStart(end - 1);
            if (end - start >= ParallelLevel)
            {
                Parallel.For(start, end, i => tree[i] = HashPair(tree[(2 * i) + 1], tree[(2 * i) + 2]));
            }
            else
            {
                for (var i = end - 1; i >= start; i--)
                {
                    tree[i] = HashPair(tree[(2 * i) + 1], tree[(2 * i) + 2]);
                }
            }

            end = start;
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

    /// <summary>Levels at least this wide are hashed in parallel.</summary>
    private const int ParallelLevel = 4096;

    /// <summary>The first index of the level that holds <paramref name="index"/> in the complete binary tree's array.</summary>
    private static int LevelStart(int index) => (1 << System.Numerics.BitOperations.Log2((uint)index + 1)) - 1;

    /// <summary>
    /// Leaf indices in ascending order of their hashes: sorted by the first 8 bytes as a number,
    /// then runs that share them by the whole hash.
    /// </summary>
    private static int[] SortedOrder(IReadOnlyList<byte[]> leaves)
    {
        var keys = new ulong[leaves.Count];
        var order = new int[leaves.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(leaves[i]);
            order[i] = i;
        }

        Array.Sort(keys, order);
        for (var runStart = 0; runStart < keys.Length;)
        {
            var runEnd = runStart + 1;
            while (runEnd < keys.Length && keys[runEnd] == keys[runStart])
            {
                runEnd++;
            }

            if (runEnd - runStart > 1)
            {
                Array.Sort(order, runStart, runEnd - runStart, Comparer<int>.Create((a, b) => ByteOrder.Instance.Compare(leaves[a], leaves[b])));
            }

            runStart = runEnd;
        }

        return order;
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
    public static byte[] SharesLeaf(long chainId, string market, BigInteger versionId, string account, BigInteger shares)
    {
        Span<byte> words = stackalloc byte[5 * 32];
        words.Clear();
        AbiWords.Uint(words[..32], chainId);
        AbiWords.Address(words[32..64], market, nameof(market));
        AbiWords.Uint(words[64..96], versionId, nameof(versionId));
        AbiWords.Address(words[96..128], account, nameof(account));
        AbiWords.Uint(words[128..], shares, nameof(shares));
        return Leaf(words);
    }

    /// <summary>The image leaf (chainId, market, versionId, cidDigest, contributor, consentHash).</summary>
    public static byte[] ImageLeaf(long chainId, string market, BigInteger versionId, byte[] cidDigest, string contributor, byte[] consentHash)
    {
        Span<byte> words = stackalloc byte[6 * 32];
        words.Clear();
        AbiWords.Uint(words[..32], chainId);
        AbiWords.Address(words[32..64], market, nameof(market));
        AbiWords.Uint(words[64..96], versionId, nameof(versionId));
        Check32(cidDigest, nameof(cidDigest)).CopyTo(words[96..128]);
        AbiWords.Address(words[128..160], contributor, nameof(contributor));
        Check32(consentHash, nameof(consentHash)).CopyTo(words[160..]);
        return Leaf(words);
    }

    /// <summary>keccak256 of the sorted pair: the inner node of a StandardMerkleTree.</summary>
    public static byte[] HashPair(byte[] a, byte[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        Span<byte> pair = stackalloc byte[a.Length + b.Length];
        var (first, second) = ByteOrder.Instance.Compare(a, b) <= 0 ? (a, b) : (b, a);
        first.CopyTo(pair);
        second.CopyTo(pair[first.Length..]);
        return Keccak256.Hash(pair);
    }

    /// <summary><c>keccak256(bytes.concat(keccak256(abi.encode(fields))))</c> of the already encoded fields.</summary>
    private static byte[] Leaf(ReadOnlySpan<byte> encoded)
    {
        Span<byte> inner = stackalloc byte[32];
        Keccak256.Hash(encoded, inner);
        return Keccak256.Hash(inner);
    }

    private static byte[] Check32(byte[] value, string name) =>
        value is { Length: 32 } ? value : throw new ArgumentException($"{name} must be 32 bytes", name);

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
