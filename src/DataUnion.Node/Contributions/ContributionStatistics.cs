using DataUnion.Core.Fairness;
using DataUnion.Node.Fairness;
using DataUnion.Storage.Contributions;

namespace DataUnion.Node.Contributions;

/// <summary>
/// Who the consented images represent, from the attributes contributors declared: per domain,
/// how many images give each value of each attribute. The rules are those of a version's
/// composition: a value describing 1 to k−1 contributors (<see cref="FairnessOptions.MinContributors"/>)
/// is left out, and so is any value that could be worked out from the ones shown and the domain's
/// image count. It never shows an image's attributes. Computed at most once a minute.
/// </summary>
public sealed class ContributionStatistics(LiteDbContributionStore contributions, FairnessPolicy policy, TimeProvider time)
{
    /// <summary>How long one computation is served.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

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
        var domains = contributions.InState(ContributionState.Consented)
            .GroupBy(c => c.Domain, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(domain =>
            {
                var images = domain.Select(c => new ContributedImage(c.Contributor, c.Attributes)).ToList();
                var summary = policy.Summarize(images);
                var attributes = summary.Composition?.Attributes.ToDictionary(
                    a => a.Name,
                    a => (IReadOnlyDictionary<string, int>)new SortedDictionary<string, int>(
                        a.Groups.Where(g => g.Images is not null).ToDictionary(g => g.Value, g => g.Images!.Value, StringComparer.Ordinal), StringComparer.Ordinal),
                    StringComparer.Ordinal) ?? [];
                return new DomainStatistics(domain.Key, images.Count, attributes, summary.Unavailable);
            })
            .ToList();
        return new StatisticsView(now, policy.Options.MinContributors, domains);
    }
}

/// <summary>Fairness statistics of the consented images.</summary>
/// <param name="ComputedAt">When they were computed.</param>
/// <param name="MinContributors">k: the fewest contributors a count shown may describe.</param>
/// <param name="Domains">Per domain.</param>
public sealed record StatisticsView(DateTimeOffset ComputedAt, int MinContributors, IReadOnlyList<DomainStatistics> Domains);

/// <summary>The statistics of one domain.</summary>
/// <param name="Domain">The domain.</param>
/// <param name="Images">Consented images in it (withdrawn ones are not counted).</param>
/// <param name="Attributes">Per attribute, images per value shown ("prefer-not-to-say" and "unanswered" among them); a value left out is withheld.</param>
/// <param name="Unavailable">Why there are no counts, when there are none (no declared attributes, fewer contributors than k).</param>
public sealed record DomainStatistics(string Domain, int Images, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Attributes, string? Unavailable);
