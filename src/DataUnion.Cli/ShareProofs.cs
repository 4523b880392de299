using System.Numerics;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Merkle;

namespace DataUnion.Cli;

/// <summary>
/// A co-owner's leaf in a version's shares tree, taken from the version's public dump and checked
/// against the shares root on chain: the node is trusted for nothing.
/// </summary>
internal static class ShareProofs
{
    /// <summary>The account's units and proof in <paramref name="versionId"/>, or null when the dump has no leaf for it.</summary>
    /// <exception cref="CliFailureException">The dump cannot be had, or it is not the version's.</exception>
    public static async Task<(BigInteger Units, List<byte[]> Proof)?> FindAsync(
        NodeRpcClient node, MarketClient market, long versionId, string account, CancellationToken cancellationToken)
    {
        byte[] bytes;
        using (var response = await node.SendAsync(HttpMethod.Get, $"api/v1/versions/{versionId}/trees/shares.json", null, cancellationToken).ConfigureAwait(false))
        {
            bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        var record = await market.VersionAsync(versionId, cancellationToken).ConfigureAwait(false);
        try
        {
            var dump = StandardMerkleTreeDump.Read(bytes);
            if (!dump.Encoding.SequenceEqual(StandardMerkleTreeDump.SharesEncoding))
            {
                throw new FormatException($"its leaves are ({string.Join(", ", dump.Encoding)}), not the shares leaf");
            }

            foreach (var (value, treeIndex) in dump.Values)
            {
                if (!string.Equals(value[3], account, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var units = BigInteger.Parse(value[4], System.Globalization.CultureInfo.InvariantCulture);
                var leaf = StandardMerkleTree.SharesLeaf(market.ChainId, market.Market, versionId, account, units);
                return (units, [.. dump.ProofFor(treeIndex, leaf, record.SharesRoot)]);
            }

            return null;
        }
        catch (FormatException ex)
        {
            throw new CliFailureException($"the shares dump of version {versionId} from {node.Api} is not usable: {ex.Message}");
        }
    }
}
