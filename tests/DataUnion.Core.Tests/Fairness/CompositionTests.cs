using DataUnion.Core.Fairness;

namespace DataUnion.Core.Tests.Fairness;

public sealed class CompositionTests
{
    private static readonly Dictionary<string, IReadOnlyList<string>> Vocabulary = new()
    {
        ["age"] = ["18-29", "30-44", "45-64", "65+", CompositionBuilder.PreferNotToSay],
        ["region"] = ["africa", "americas", "asia", "europe", "oceania", CompositionBuilder.PreferNotToSay],
        ["tone"] = ["monk-01-03", "monk-04-07", "monk-08-10", CompositionBuilder.PreferNotToSay],
    };

    [Fact]
    public void Wilson_FiveOfTen_IsTheTextbookInterval()
    {
        var interval = Wilson.Interval(5, 10);

        Assert.Equal(0.2366, interval.Low, 4);
        Assert.Equal(0.7634, interval.High, 4);
        Assert.Equal(0, Wilson.Interval(0, 10).Low);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Build_NoPublishedFigure_DescribesOrRevealsAGroupOfFewerThanK(int seed)
    {
        var images = Population(seed);
        const int k = 10;

        var composition = CompositionBuilder.Build(images, Vocabulary, k);

        // Every published count describes no one or at least k contributors, counted here from the images.
        foreach (var attribute in composition.Attributes)
        {
            foreach (var group in attribute.Groups.Where(g => g.Images is not null))
            {
                var contributors = images.Where(i => ValueOf(i, attribute.Name) == group.Value).Select(i => i.Contributor).Distinct().Count();
                Assert.True(contributors == 0 || contributors >= k, $"{attribute.Name}={group.Value} is published with {contributors} contributors");
                Assert.Equal(images.Count(i => ValueOf(i, attribute.Name) == group.Value), group.Images);
            }
        }

        foreach (var pair in composition.Pairs)
        {
            foreach (var cell in pair.Cells.Where(c => c.Images is not null))
            {
                var members = images.Where(i => ValueOf(i, pair.First) == cell.First && ValueOf(i, pair.Second) == cell.Second).ToList();
                var contributors = members.Select(i => i.Contributor).Distinct().Count();
                Assert.True(contributors == 0 || contributors >= k, $"{pair.First}={cell.First}, {pair.Second}={cell.Second} is published with {contributors} contributors");
                Assert.Equal(members.Count, cell.Images);
            }
        }

        // And no withheld count follows from the published ones by any sum along the tables' totals.
        var exposed = Recoverable(composition);
        Assert.True(exposed.Count == 0, $"recoverable by subtraction: {string.Join(", ", exposed)}");
        Assert.Contains(composition.Attributes.SelectMany(a => a.Groups), g => g.Withheld == CompositionBuilder.FewContributors);

        // The check has teeth: publishing the figures withheld only to protect others exposes some.
        var reasons = composition.Attributes.SelectMany(a => a.Groups.Select(g => g.Withheld)).Concat(composition.Pairs.SelectMany(p => p.Cells.Select(c => c.Withheld)));
        Assert.Contains(CompositionBuilder.RevealsAnother, reasons);
        var primaryOnly = composition with
        {
            Attributes = [.. composition.Attributes.Select(a => a with
            {
                Groups = [.. a.Groups.Select(g => g.Withheld == CompositionBuilder.RevealsAnother ? g with { Images = images.Count(i => ValueOf(i, a.Name) == g.Value) } : g)],
            })],
            Pairs = [.. composition.Pairs.Select(p => p with
            {
                Cells = [.. p.Cells.Select(c => c.Withheld == CompositionBuilder.RevealsAnother ? c with { Images = images.Count(i => ValueOf(i, p.First) == c.First && ValueOf(i, p.Second) == c.Second) } : c)],
            })],
        };
        Assert.NotEmpty(Recoverable(primaryOnly));
    }

    [Fact]
    public void Build_Shares_AreOfTheAnsweredImagesAgainstAUniformTarget_LargestGapsNamed()
    {
        // 40 contributors, 3 images each; ages 18-29 (20 people), 30-44 (10), 45-64 (10); region unanswered.
        var images = Enumerable.Range(0, 40).SelectMany(c => Enumerable.Range(0, 3).Select(_ => new ContributedImage(
            $"0x{c:x2}", new Dictionary<string, string> { ["age"] = c < 20 ? "18-29" : c < 30 ? "30-44" : "45-64" }))).ToList();

        var composition = CompositionBuilder.Build(images, Vocabulary, 10);

        var age = composition.Attributes.Single(a => a.Name == "age");
        Assert.Equal(120, age.Answered);
        var young = age.Groups.Single(g => g.Value == "18-29");
        Assert.Equal(0.5, young.Share);
        Assert.Equal(0.25, young.Target);
        Assert.Equal(0.25, young.Gap);
        Assert.Equal(Wilson.Interval(60, 120), young.Interval);
        Assert.Equal(0, age.Groups.Single(g => g.Value == "65+").Images);
        Assert.Equal(120, composition.Attributes.Single(a => a.Name == "region").Groups.Single(g => g.Value == CompositionBuilder.Unanswered).Images);
        Assert.Equal(("age", "18-29"), (composition.LargestGaps[0].Attribute, composition.LargestGaps[0].Value));
        Assert.Contains(composition.LargestGaps, g => g.Value == "65+" && g.Gap == -0.25);
    }

    [Fact]
    public void Build_WithAnOperatorsTarget_MeasuresTheGapAgainstIt()
    {
        var images = Enumerable.Range(0, 20).Select(c => new ContributedImage($"c{c}", new Dictionary<string, string> { ["tone"] = "monk-04-07" })).ToList();
        var targets = new Dictionary<string, IReadOnlyDictionary<string, double>> { ["tone"] = new Dictionary<string, double> { ["monk-01-03"] = 0.2, ["monk-04-07"] = 0.5, ["monk-08-10"] = 0.3 } };

        var tone = CompositionBuilder.Build(images, Vocabulary, 10, targets).Attributes.Single(a => a.Name == "tone");

        Assert.Equal("operator", tone.Target);
        Assert.Equal(0.5, tone.Groups.Single(g => g.Value == "monk-04-07").Gap);
    }

    [Theory]
    [InlineData("skin", "monk-01-03", 1.0, "attribute 'skin'")]
    [InlineData("tone", "purple", 1.0, "value 'purple'")]
    [InlineData("tone", "monk-01-03", 0.5, "add up to 0.5, not 1")]
    [InlineData("tone", "monk-01-03", -1.0, "between 0 and 1")]
    public void Build_WithABadTarget_SaysWhatIsWrong(string attribute, string value, double share, string message)
    {
        var images = Enumerable.Range(0, 20).Select(c => new ContributedImage($"c{c}", new Dictionary<string, string> { ["tone"] = "monk-04-07" })).ToList();
        var targets = new Dictionary<string, IReadOnlyDictionary<string, double>> { [attribute] = new Dictionary<string, double> { [value] = share } };

        var error = Assert.Throws<ArgumentException>(() => CompositionBuilder.Build(images, Vocabulary, 10, targets));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OneLoneUndeclaredContributor_IsNotRecoverableFromTheImageTotal()
    {
        // The version's image count is public anyway (its catalog shows it): the lone contributor
        // who declared nothing must not follow from it and the published groups.
        var vocabulary = new Dictionary<string, IReadOnlyList<string>> { ["tone"] = ["light", "dark", CompositionBuilder.PreferNotToSay] };
        var images = new[] { "light", "dark", "light", "dark", "light", "dark", null }
            .Select((t, c) => new ContributedImage($"c{c}", t is null ? [] : new Dictionary<string, string> { ["tone"] = t })).ToList();

        var composition = CompositionBuilder.Build(images, vocabulary, 3);

        var groups = composition.Attributes.Single().Groups.ToDictionary(g => g.Value);
        Assert.Equal(7, composition.Images);
        Assert.Equal(CompositionBuilder.FewContributors, groups[CompositionBuilder.Unanswered].Withheld);
        var exposed = Recoverable(composition);
        Assert.True(exposed.Count == 0, $"recoverable by subtraction: {string.Join(", ", exposed)}; published: {string.Join(", ", groups.Values.Select(g => $"{g.Value}={g.Images?.ToString() ?? "withheld"}"))}, answered {composition.Attributes.Single().Answered?.ToString() ?? "withheld"}");
    }

    [Fact]
    public void Build_KLargerThanEveryGroup_SaysHowManyContributorsThereAre()
    {
        var images = Enumerable.Range(0, 4).Select(c => new ContributedImage($"c{c}", new Dictionary<string, string> { ["age"] = "65+" })).ToList();

        var error = Assert.Throws<ArgumentException>(() => CompositionBuilder.Build(images, Vocabulary, 10));

        Assert.Contains("k = 10 is larger than every group", error.Message, StringComparison.Ordinal);
        Assert.Contains("4 contributor(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_VersionWithoutAttributes_IsRefused()
    {
        var images = Enumerable.Range(0, 20).Select(c => new ContributedImage($"c{c}", new Dictionary<string, string>())).ToList();

        var error = Assert.Throws<ArgumentException>(() => CompositionBuilder.Build(images, Vocabulary, 10));

        Assert.Contains("no declared attributes", error.Message, StringComparison.Ordinal);
    }

    /// <summary>60 contributors with skewed attributes (some groups of 1–9 people), 1–8 images each, a few declaring differently per image.</summary>
    private static List<ContributedImage> Population(int seed)
    {
        var random = new Random(seed);
        string Pick(string attribute, double[] weights)
        {
            var values = Vocabulary[attribute].Append(CompositionBuilder.Unanswered).ToArray();
            var x = random.NextDouble() * weights.Sum();
            for (var i = 0; i < weights.Length; i++)
            {
                x -= weights[i];
                if (x < 0)
                {
                    return values[i];
                }
            }

            return values[^1];
        }

        Dictionary<string, string> Declare()
        {
            var answers = new Dictionary<string, string>
            {
                ["age"] = Pick("age", [5, 4, 2, 0.4, 0.3, 0.5]),
                ["region"] = Pick("region", [1, 2, 3, 5, 0.2, 0.3, 0.5]),
                ["tone"] = Pick("tone", [3, 4, 0.7, 0.3, 0.5]),
            };
            return answers.Where(a => a.Value != CompositionBuilder.Unanswered).ToDictionary();
        }

        var images = new List<ContributedImage>();
        for (var c = 0; c < 60; c++)
        {
            var declared = Declare();
            for (var n = 1 + random.Next(8); n > 0; n--)
            {
                images.Add(new ContributedImage($"0x{c:x4}", random.NextDouble() < 0.1 ? Declare() : declared));
            }
        }

        return images;
    }

    private static string ValueOf(ContributedImage image, string attribute) => image.Attributes.GetValueOrDefault(attribute) ?? CompositionBuilder.Unanswered;

    /// <summary>
    /// The withheld figures that the published ones determine: the composition's totals written as
    /// linear equations (each attribute's groups add up to the images, its values to the answered
    /// ones, each pair table's rows and columns to the groups), and an unknown is determined when
    /// adding its unit vector to the equations' rows does not raise their rank.
    /// </summary>
    private static List<string> Recoverable(Composition composition)
    {
        var unknowns = new List<string>();
        var equations = new List<Dictionary<string, double>>();
        var known = new Dictionary<string, double>();
        string Name(string a, string v) => $"{a}={v}";
        void Figure(string name, int? value)
        {
            if (value is int v)
            {
                known[name] = v;
            }
            else
            {
                unknowns.Add(name);
            }
        }

        Figure("images", composition.Images);
        foreach (var a in composition.Attributes)
        {
            Figure($"{a.Name}:answered", a.Answered);
            foreach (var g in a.Groups)
            {
                Figure(Name(a.Name, g.Value), g.Images);
            }

            equations.Add(a.Groups.ToDictionary(g => Name(a.Name, g.Value), _ => 1.0).Append(new("images", -1.0)).ToDictionary());
            equations.Add(a.Groups.Where(g => g.Target is not null).ToDictionary(g => Name(a.Name, g.Value), _ => 1.0).Append(new($"{a.Name}:answered", -1.0)).ToDictionary());
        }

        foreach (var p in composition.Pairs)
        {
            foreach (var c in p.Cells)
            {
                Figure($"{Name(p.First, c.First)}&{Name(p.Second, c.Second)}", c.Images);
            }

            foreach (var row in p.Cells.GroupBy(c => c.First))
            {
                equations.Add(row.ToDictionary(c => $"{Name(p.First, c.First)}&{Name(p.Second, c.Second)}", _ => 1.0).Append(new(Name(p.First, row.Key), -1.0)).ToDictionary());
            }

            foreach (var column in p.Cells.GroupBy(c => c.Second))
            {
                equations.Add(column.ToDictionary(c => $"{Name(p.First, c.First)}&{Name(p.Second, c.Second)}", _ => 1.0).Append(new(Name(p.Second, column.Key), -1.0)).ToDictionary());
            }
        }

        var matrix = equations.Select(e => unknowns.Select(u => e.GetValueOrDefault(u)).ToArray()).Where(r => r.Any(x => x != 0)).ToList();
        var rank = Rank(matrix);
        return unknowns.Where((u, j) => Rank([.. matrix, unknowns.Select((_, i) => i == j ? 1.0 : 0).ToArray()]) == rank).ToList();
    }

    private static int Rank(List<double[]> rows)
    {
        var m = rows.Select(r => (double[])r.Clone()).ToList();
        var rank = 0;
        var columns = m.Count == 0 ? 0 : m[0].Length;
        for (var j = 0; j < columns && rank < m.Count; j++)
        {
            var pivot = Enumerable.Range(rank, m.Count - rank).OrderByDescending(r => Math.Abs(m[r][j])).First();
            if (Math.Abs(m[pivot][j]) < 1e-9)
            {
                continue;
            }

            (m[rank], m[pivot]) = (m[pivot], m[rank]);
            for (var r = rank + 1; r < m.Count; r++)
            {
                var f = m[r][j] / m[rank][j];
                for (var k = j; k < columns; k++)
                {
                    m[r][k] -= f * m[rank][k];
                }
            }

            rank++;
        }

        return rank;
    }
}
