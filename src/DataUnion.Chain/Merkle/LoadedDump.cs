namespace DataUnion.Chain.Merkle;

/// <summary>A StandardMerkleTree dump as read: its leaf encoding, every node (root first) and its values with their places.</summary>
/// <param name="Encoding">The leaf's Solidity types.</param>
/// <param name="Nodes">Every node, root first.</param>
/// <param name="Values">Each value's fields (as text) and its leaf's index in <paramref name="Nodes"/>.</param>
public sealed record LoadedDump(IReadOnlyList<string> Encoding, IReadOnlyList<byte[]> Nodes, IReadOnlyList<(IReadOnlyList<string> Value, int TreeIndex)> Values)
{
    /// <summary>
    /// The proof of the leaf at <paramref name="treeIndex"/>, checked: the node there must be
    /// <paramref name="leaf"/> (the caller's own hash of the value), and the proof must lead to
    /// <paramref name="root"/> (from the chain, not from the dump).
    /// </summary>
    /// <exception cref="FormatException">The dump's node is not the leaf, or its proof does not reach the root.</exception>
    public IReadOnlyList<byte[]> ProofFor(int treeIndex, byte[] leaf, byte[] root)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(root);
        if (treeIndex <= 0 && Nodes.Count > 1 || treeIndex >= Nodes.Count || !Nodes[treeIndex].AsSpan().SequenceEqual(leaf))
        {
            throw new FormatException($"the dump's node {treeIndex} is not the leaf of its value");
        }

        var proof = new List<byte[]>();
        for (var at = treeIndex; at > 0; at = (at - 1) / 2)
        {
            var sibling = at % 2 == 1 ? at + 1 : at - 1;
            if (sibling >= Nodes.Count)
            {
                throw new FormatException($"the dump's tree has no node {sibling}");
            }

            proof.Add(Nodes[sibling]);
        }

        return StandardMerkleTree.Verify(root, leaf, proof)
            ? proof
            : throw new FormatException("the dump's proof does not lead to the root on chain: the dump is not the version's");
    }
}
