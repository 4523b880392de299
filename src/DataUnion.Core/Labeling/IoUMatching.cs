namespace DataUnion.Core.Labeling;

/// <summary>A candidate pairing of item <see cref="Left"/> with item <see cref="Right"/> at <see cref="IoU"/>.</summary>
/// <param name="IoU">Their intersection over union.</param>
/// <param name="Left">Index into the first list (a labeler's boxes, an answer).</param>
/// <param name="Right">Index into the second list (clusters, objects, the expert's boxes).</param>
public readonly record struct IoUPair(double IoU, int Left, int Right);

/// <summary>
/// Greedy matching by IoU, the one rule every comparison of boxes uses (clustering a labeler's
/// boxes into objects, grading an answer against the expert's, scoring a consensus against truth):
/// candidate pairs at or above the threshold are taken best IoU first; ties go to the lower left
/// index, then the lower right index, so the result never depends on the order pairs were found in.
/// </summary>
public static class IoUMatching
{
    /// <summary>Orders <paramref name="pairs"/> best first, with the tie-break rule.</summary>
    public static void SortBestFirst(List<IoUPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        pairs.Sort(static (x, y) => x.IoU != y.IoU ? y.IoU.CompareTo(x.IoU) : x.Left != y.Left ? x.Left.CompareTo(y.Left) : x.Right.CompareTo(y.Right));
    }

    /// <summary>
    /// Takes pairs best first for as long as <paramref name="take"/> accepts them; the callback
    /// sees each candidate in order and says whether it was taken (a matcher that lets one side
    /// take several partners, under its own rule, decides here).
    /// </summary>
    public static void Greedy(List<IoUPair> pairs, Func<IoUPair, bool> take)
    {
        ArgumentNullException.ThrowIfNull(take);
        SortBestFirst(pairs);
        foreach (var pair in pairs)
        {
            take(pair);
        }
    }

    /// <summary>
    /// One-to-one matching: each left item and each right item is used at most once.
    /// <paramref name="pairs"/> is sorted in place; the matches are appended to <paramref name="matches"/>.
    /// </summary>
    /// <returns>The number of matches.</returns>
    public static int OneToOne(List<IoUPair> pairs, int leftCount, int rightCount, List<IoUPair> matches)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(matches);
        SortBestFirst(pairs);
        Span<bool> leftUsed = leftCount <= 256 ? stackalloc bool[leftCount] : new bool[leftCount];
        Span<bool> rightUsed = rightCount <= 256 ? stackalloc bool[rightCount] : new bool[rightCount];
        var found = 0;
        foreach (var pair in pairs)
        {
            if (leftUsed[pair.Left] || rightUsed[pair.Right])
            {
                continue;
            }

            leftUsed[pair.Left] = rightUsed[pair.Right] = true;
            matches.Add(pair);
            found++;
        }

        return found;
    }

    /// <summary>
    /// One-to-one matching of two lists of boxes at <paramref name="threshold"/>.
    /// </summary>
    /// <returns>The matches, best first.</returns>
    public static List<IoUPair> OneToOne(IReadOnlyList<Box> left, IReadOnlyList<Box> right, double threshold)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var pairs = new List<IoUPair>();
        for (var l = 0; l < left.Count; l++)
        {
            for (var r = 0; r < right.Count; r++)
            {
                var iou = left[l].IoU(right[r]);
                if (iou >= threshold)
                {
                    pairs.Add(new IoUPair(iou, l, r));
                }
            }
        }

        var matches = new List<IoUPair>();
        OneToOne(pairs, left.Count, right.Count, matches);
        return matches;
    }
}
