namespace DataUnion.Core.Labeling;

/// <summary>
/// The labeling engine's decisions that need no storage: which images may be put up, which
/// answers to a bundle are acceptable, whether a bundle was answered too fast, what becomes of an
/// answer, and when a gold item is retired.
/// </summary>
public static class LabelingRules
{
    /// <summary>Longest bundle or image id, in characters; a longer one is unknown without a lookup.</summary>
    public const int MaxIdLength = 512;

    /// <summary>Everything wrong with putting <paramref name="item"/> up for labeling in <paramref name="domain"/>; empty when it may be.</summary>
    public static IReadOnlyList<string> Problems(LabelingItem item, LabelingDomain domain)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(domain);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(item.Id) || item.Id.Length > MaxIdLength)
        {
            problems.Add($"the image needs an id of 1 to {MaxIdLength} characters");
        }

        if (!(double.IsFinite(item.Width) && double.IsFinite(item.Height) && item.Width > 0 && item.Height > 0))
        {
            problems.Add($"the image size must be positive and finite, got {item.Width}×{item.Height}");
        }
        else if (item.Gold is not null)
        {
            problems.AddRange(domain.Check(new Submission("expert", item.Gold), item.Width, item.Height).Select(p => $"gold {p}"));
        }

        if (string.IsNullOrWhiteSpace(item.Contributor))
        {
            problems.Add("the image needs a contributor");
        }

        return problems;
    }

    /// <summary>
    /// Everything wrong with <paramref name="answers"/> to bundle <paramref name="bundleId"/>:
    /// every image answered once, only the bundle's images, every box valid for the domain and
    /// inside its image, and no image of the bundle left without an answer.
    /// </summary>
    /// <param name="bundleId">The bundle, for the messages.</param>
    /// <param name="labeler">Who answers.</param>
    /// <param name="items">The bundle's image ids.</param>
    /// <param name="sizeOf">Each of the bundle's images' size; null for an image that is not in the bundle.</param>
    /// <param name="domain">The bundle's domain.</param>
    /// <param name="answers">The answers.</param>
    public static IReadOnlyList<string> Problems(
        string bundleId, string labeler, IReadOnlyList<string> items, Func<string, (double Width, double Height)?> sizeOf, LabelingDomain domain, IReadOnlyList<ItemAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(sizeOf);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(answers);
        var problems = new List<string>();
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var answer in answers)
        {
            if (answer?.Image is null || answer.Boxes is null)
            {
                problems.Add("every answer needs an image and a list of boxes");
                continue;
            }

            if (!given.Add(answer.Image))
            {
                problems.Add($"image '{answer.Image}' is answered twice");
            }
            else if (!items.Contains(answer.Image) || sizeOf(answer.Image) is not { } size)
            {
                problems.Add($"image '{answer.Image}' is not in bundle '{bundleId}'");
            }
            else
            {
                problems.AddRange(domain.Check(new Submission(labeler, answer.Boxes), size.Width, size.Height)
                    .Select(p => $"image '{answer.Image}': {p}"));
            }
        }

        problems.AddRange(items.Where(id => !given.Contains(id)).Select(id => $"image '{id}' of the bundle has no answer (send an empty list of boxes for an image without objects)"));
        return problems;
    }

    /// <summary>Why a bundle of <paramref name="items"/> images answered after <paramref name="elapsed"/> was too fast for a person, or null.</summary>
    public static string? TooFast(string bundleId, int items, TimeSpan elapsed, SanctionPolicy sanctions)
    {
        ArgumentNullException.ThrowIfNull(sanctions);
        var fastest = sanctions.MinSecondsPerItem * items;
        return elapsed.TotalSeconds < fastest
            ? $"bundle '{bundleId}' was answered in {elapsed.TotalSeconds:0.#} s; {items} items take a person at least {fastest:0.#} s, so the answer was refused and counts as a strike"
            : null;
    }

    /// <summary>What becomes of an answer for a real image: counted only when the bundle's gold all passed and the image was not withdrawn.</summary>
    public static AnswerKind KindOf(bool bundleGoldPassed, bool imageWithdrawn) =>
        imageWithdrawn ? AnswerKind.Withdrawn : bundleGoldPassed ? AnswerKind.Counted : AnswerKind.Discarded;

    /// <summary>
    /// True when a gold item with <paramref name="answers"/> graded answers, <paramref name="passes"/>
    /// of them passing, is to be retired: enough answers, and a pass rate so low that the expert's
    /// boxes are likely wrong.
    /// </summary>
    public static bool RetiresGold(int answers, int passes, LabelingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return answers >= options.GoldRetireAfter && (double)passes / answers < options.GoldRetireBelowPassRate;
    }
}
