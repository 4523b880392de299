using DataUnion.Storage.Contributions;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Contributions;

/// <summary>
/// Who the consented images represent, from the attributes contributors declared: per domain,
/// how many images give each value of each attribute. It never shows an image's attributes, and
/// a value held by fewer than <see cref="ContributionOptions.MinGroupSize"/> images is pooled with
/// the other small ones (and left out when even the pool is that small), so no count singles out
/// a contributor. Computed at most once a minute.
/// </summary>
public sealed class ContributionStatistics(LiteDbContributionStore contributions, AttributeVocabulary vocabulary, IOptions<ContributionOptions> options, TimeProvider time)
{
    /// <summary>How long one computation is served.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    /// <summary>The key small groups are pooled under.</summary>
    public const string Pooled = "pooled";

    /// <summary>The key of images that did not answer the attribute.</summary>
    public const string Unanswered = "unanswered";

    private readonly Lock _gate = new();
    private (DateTimeOffset At, StatisticsView View)? _cached;

    /// <summary>The statistics, at most <see cref="CacheFor"/> old.</summary>
    public StatisticsView Current()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_cached is { } cached && now - cached.At < CacheFor)
            {
                return cached.View;
            }

            var view = Compute(now);
            _cached = (now, view);
            return view;
        }
    }

    private StatisticsView Compute(DateTimeOffset now)
    {
        var minimum = options.Value.MinGroupSize;
        var domains = contributions.InState(ContributionState.Consented)
            .GroupBy(c => c.Domain, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(domain => new DomainStatistics(
                domain.Key,
                domain.Count(),
                vocabulary.Attributes.Keys.ToDictionary(
                    name => name,
                    name => Groups(domain.Select(c => c.Attributes.GetValueOrDefault(name) ?? Unanswered), minimum),
                    StringComparer.Ordinal)))
            .ToList();
        return new StatisticsView(now, minimum, domains);
    }

    private static IReadOnlyDictionary<string, int> Groups(IEnumerable<string> answers, int minimum)
    {
        var counts = answers.GroupBy(a => a, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var shown = counts.Where(c => c.Value >= minimum).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        var pooled = counts.Where(c => c.Value < minimum).Sum(c => c.Value);
        if (pooled >= minimum)
        {
            shown[Pooled] = pooled;
        }

        return new SortedDictionary<string, int>(shown, StringComparer.Ordinal);
    }
}

/// <summary>Fairness statistics of the consented images.</summary>
/// <param name="ComputedAt">When they were computed.</param>
/// <param name="MinGroupSize">The smallest group shown on its own.</param>
/// <param name="Domains">Per domain.</param>
public sealed record StatisticsView(DateTimeOffset ComputedAt, int MinGroupSize, IReadOnlyList<DomainStatistics> Domains);

/// <summary>The statistics of one domain.</summary>
/// <param name="Domain">The domain.</param>
/// <param name="Images">Consented images in it (withdrawn ones are not counted).</param>
/// <param name="Attributes">Per attribute, images per value (with "unanswered" and "pooled").</param>
public sealed record DomainStatistics(string Domain, int Images, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Attributes);
