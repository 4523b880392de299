using DataUnion.Core.Content;
using DataUnion.Ipfs.Blocks;

namespace DataUnion.Ipfs.Dag;

/// <summary>
/// Depth-first, pre-order traversal of a DAG in the block store, children in link order and
/// each block once: the order kubo's <c>dag export</c> writes. A missing or damaged block
/// stops the walk with an error naming it, so no caller mistakes a partial DAG for a whole one.
/// </summary>
public static class DagWalker
{
    /// <summary>Every block of the DAG under <paramref name="root"/>, with its bytes.</summary>
    public static IEnumerable<(Cid Cid, byte[] Block)> DepthFirst(IBlockStore store, Cid root)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(root);
        var seen = new HashSet<Multihash>();
        var stack = new Stack<Cid>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var cid = stack.Pop();
            if (!seen.Add(cid.Hash))
            {
                continue;
            }

            var block = store.Get(cid)
                ?? throw new BlockNotFoundException(cid, cid == root
                    ? $"block {cid} is not in the store"
                    : $"block {cid}, linked from the DAG of {root}, is not in the store");
            yield return (cid, block);
            var links = DagLinks.Of(cid, block);
            for (var i = links.Count - 1; i >= 0; i--)
            {
                stack.Push(links[i]);
            }
        }
    }
}
