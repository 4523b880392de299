namespace DataUnion.Core.Fairness;

/// <summary>
/// Builds a version's <see cref="Composition"/>: images per group of each attribute and per pair of
/// groups, shares with Wilson intervals against a target, and statistical disclosure control. A
/// figure describing 1 to k−1 contributors is withheld (primary suppression), and so is any further
/// figure needed so that no withheld one can be worked out from the published ones by adding and
/// subtracting along the tables' totals (complementary suppression, checked by elimination over
/// every total at once, not only row by row).
/// </summary>
public static class CompositionBuilder
{
    /// <summary>The answer that declines an attribute; counted, never a target.</summary>
    public const string PreferNotToSay = "prefer-not-to-say";

    /// <summary>The group of images whose contributor did not answer the attribute (or gave a value no longer offered).</summary>
    public const string Unanswered = "unanswered";

    /// <summary>The default k.</summary>
    public const int DefaultMinContributors = 10;

    /// <summary>How many gaps <see cref="Composition.LargestGaps"/> names.</summary>
    public const int GapsNamed = 5;

    /// <summary>Why a figure describing too few contributors is withheld.</summary>
    public const string FewContributors = "fewer than k contributors";

    /// <summary>Why a figure is withheld to protect another.</summary>
    public const string RevealsAnother = "would reveal another figure";

    /// <summary>Builds the composition.</summary>
    /// <param name="images">The version's images with their contributors' declarations.</param>
    /// <param name="vocabulary">The attributes and the values each offers (<see cref="PreferNotToSay"/> may be among them).</param>
    /// <param name="minContributors">k (≥ 1).</param>
    /// <param name="targets">Target shares per attribute and value (each attribute's summing to 1); attributes without one get a uniform target.</param>
    /// <exception cref="ArgumentException">No images, no attribute answered, k above the version's contributors, or a bad target; the message says which.</exception>
    public static Composition Build(
        IReadOnlyList<ContributedImage> images,
        IReadOnlyDictionary<string, IReadOnlyList<string>> vocabulary,
        int minContributors = DefaultMinContributors,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? targets = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minContributors);
        targets ??= new Dictionary<string, IReadOnlyDictionary<string, double>>();
        if (images.Count == 0)
        {
            throw new ArgumentException("the version has no images", nameof(images));
        }

        var names = vocabulary.Keys.Order(StringComparer.Ordinal).ToList();
        var declared = names.ToDictionary(a => a, a => vocabulary[a].Where(v => v != PreferNotToSay).ToList(), StringComparer.Ordinal);
        var values = names.ToDictionary(a => a, a => (IReadOnlyList<string>)[.. declared[a], PreferNotToSay, Unanswered], StringComparer.Ordinal);
        var shares = Targets(vocabulary, names, declared, targets);
        var contributors = images.Select(i => i.Contributor).Distinct(StringComparer.Ordinal).Count();
        if (contributors < minContributors)
        {
            throw new ArgumentException($"k = {minContributors} is larger than every group: the version's images come from {contributors} contributor(s) in all, so every figure would be withheld", nameof(minContributors));
        }

        string ValueOf(ContributedImage image, string attribute) =>
            image.Attributes.TryGetValue(attribute, out var v) && (v == PreferNotToSay || declared[attribute].Contains(v)) ? v : Unanswered;

        if (names.Count == 0 || images.All(i => names.All(a => ValueOf(i, a) == Unanswered)))
        {
            throw new ArgumentException("the version has no declared attributes: none of its contributors answered any", nameof(images));
        }

        var table = new SuppressionTable(minContributors);
        var total = table.Add(images.Count, contributors, isTotal: true);
        var single = new Dictionary<(string, string), int>();
        var answered = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in names)
        {
            var byValue = images.GroupBy(i => ValueOf(i, a)).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            foreach (var v in values[a])
            {
                var members = byValue.GetValueOrDefault(v) ?? [];
                single[(a, v)] = table.Add(members.Count, Distinct(members));
            }

            var answering = images.Where(i => declared[a].Contains(ValueOf(i, a))).ToList();
            answered[a] = table.Add(answering.Count, Distinct(answering));
            table.Equation([.. values[a].Select(v => single[(a, v)])], total);
            table.Equation([.. declared[a].Select(v => single[(a, v)])], answered[a]);
        }

        var pairs = new List<(string First, string Second, Dictionary<(string, string), int> Cells)>();
        for (var x = 0; x < names.Count; x++)
        {
            for (var y = x + 1; y < names.Count; y++)
            {
                var (a, b) = (names[x], names[y]);
                var byPair = images.GroupBy(i => (ValueOf(i, a), ValueOf(i, b))).ToDictionary(g => g.Key, g => g.ToList());
                var cells = new Dictionary<(string, string), int>();
                foreach (var v in values[a])
                {
                    foreach (var w in values[b])
                    {
                        var members = byPair.GetValueOrDefault((v, w)) ?? [];
                        cells[(v, w)] = table.Add(members.Count, Distinct(members));
                    }
                }

                foreach (var v in values[a])
                {
                    table.Equation([.. values[b].Select(w => cells[(v, w)])], single[(a, v)]);
                }

                foreach (var w in values[b])
                {
                    table.Equation([.. values[a].Select(v => cells[(v, w)])], single[(b, w)]);
                }

                pairs.Add((a, b, cells));
            }
        }

        table.Suppress();

        var attributes = new List<AttributeComposition>();
        var gaps = new List<CompositionGap>();
        foreach (var a in names)
        {
            int? answeredCount = table.Published(answered[a]);
            var groups = new List<GroupShare>();
            foreach (var v in values[a])
            {
                var cell = single[(a, v)];
                int? count = table.Published(cell);
                var isValue = v != PreferNotToSay && v != Unanswered;
                var denominator = isValue ? answeredCount : images.Count;
                double? target = isValue ? shares[a][v] : null;
                if (count is not int c || denominator is not int n || n == 0)
                {
                    groups.Add(new GroupShare(v, count, null, null, target, null, table.Reason(cell) ?? (count is null ? null : table.Reason(answered[a]))));
                    continue;
                }

                var share = (double)c / n;
                double? gap = target is double t ? share - t : null;
                groups.Add(new GroupShare(v, c, share, Wilson.Interval(c, n), target, gap, null));
                if (gap is double g)
                {
                    gaps.Add(new CompositionGap(a, v, share, target!.Value, g));
                }
            }

            attributes.Add(new AttributeComposition(a, answeredCount, targets.ContainsKey(a) ? "operator" : "uniform", groups));
        }

        var pairCompositions = pairs.Select(p => new PairComposition(
            p.First,
            p.Second,
            [.. p.Cells.Select(c => new PairCell(c.Key.Item1, c.Key.Item2, table.Published(c.Value), table.Reason(c.Value)))])).ToList();
        var largest = gaps.OrderByDescending(g => Math.Abs(g.Gap)).ThenBy(g => g.Attribute, StringComparer.Ordinal).ThenBy(g => g.Value, StringComparer.Ordinal).Take(GapsNamed).ToList();
        return new Composition(minContributors, images.Count, attributes, pairCompositions, largest);
    }

    private static int Distinct(List<ContributedImage> images) => images.Select(i => i.Contributor).Distinct(StringComparer.Ordinal).Count();

    /// <summary>What is wrong with target shares for this vocabulary: unknown attributes or values, shares outside [0, 1], or an attribute's shares not adding up to 1. Empty when they are good.</summary>
    public static IReadOnlyList<string> TargetProblems(
        IReadOnlyDictionary<string, IReadOnlyList<string>> vocabulary,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> targets)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(targets);
        var problems = new List<string>();
        foreach (var (attribute, shares) in targets)
        {
            if (!vocabulary.TryGetValue(attribute, out var all))
            {
                problems.Add($"the target names the attribute '{attribute}', which the node does not ask for");
                continue;
            }

            var offered = all.Where(v => v != PreferNotToSay).ToList();
            foreach (var (value, share) in shares)
            {
                if (!offered.Contains(value))
                {
                    problems.Add($"the target for '{attribute}' names the value '{value}', which is not one of its values ({string.Join(", ", offered)})");
                }

                if (!(share >= 0 && share <= 1))
                {
                    problems.Add($"the target share of '{attribute}={value}' is {share}; a share is between 0 and 1");
                }
            }

            var sum = shares.Values.Sum();
            if (Math.Abs(sum - 1) > 1e-6)
            {
                problems.Add($"the target shares of '{attribute}' add up to {sum:0.######}, not 1");
            }
        }

        return problems;
    }

    private static Dictionary<string, Dictionary<string, double>> Targets(
        IReadOnlyDictionary<string, IReadOnlyList<string>> vocabulary,
        List<string> names,
        Dictionary<string, List<string>> declared,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> given)
    {
        if (TargetProblems(vocabulary, given) is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(given));
        }

        return names.ToDictionary(
            a => a,
            a => declared[a].ToDictionary(v => v, v => given.TryGetValue(a, out var s) ? s.GetValueOrDefault(v) : 1.0 / declared[a].Count, StringComparer.Ordinal),
            StringComparer.Ordinal);
    }
}
