namespace DataUnion.Core.Labeling;

/// <summary>
/// A labeling domain (faces, lung CT, product defects): its classes with their IoU thresholds,
/// how many labelers an image gets, how much gold is mixed in, and what qualifies a labeler.
/// </summary>
public sealed record LabelingDomain
{
    /// <summary>Longest domain or class name, in characters.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Most classes in one domain.</summary>
    public const int MaxClasses = 100;

    /// <summary>Highest <see cref="MaxBoxesPerImage"/> a domain may set.</summary>
    public const int MaxBoxesLimit = 1000;

    /// <summary>Domain name, e.g. <c>faces</c>: see <see cref="NameProblem"/>.</summary>
    public required string Name { get; init; }

    /// <summary>Classes and the IoU at which two boxes of the class are one object.</summary>
    public required IReadOnlyDictionary<string, double> Classes { get; init; }

    /// <summary>Labelers every image gets at first. Default 3.</summary>
    public int MinOverlap { get; init; } = 3;

    /// <summary>Most labelers an image gets when they disagree. Default 5.</summary>
    public int MaxOverlap { get; init; } = 5;

    /// <summary>Consensus confidence at which an image needs no more labelers. Default 0.8.</summary>
    public double ConfidenceTarget { get; init; } = 0.8;

    /// <summary>Share of gold items among the items handed out. Default 0.1.</summary>
    public double GoldRatio { get; init; } = 0.1;

    /// <summary>Gold items a labeler answers before qualifying. Default 10.</summary>
    public int QualificationSize { get; init; } = 10;

    /// <summary>Mean matched IoU a qualifying labeler needs over the qualification. Default 0.6.</summary>
    public double PassMeanIoU { get; init; } = 0.6;

    /// <summary>Object precision a qualifying labeler needs. Default 0.8.</summary>
    public double PassPrecision { get; init; } = 0.8;

    /// <summary>Object recall a qualifying labeler needs. Default 0.8.</summary>
    public double PassRecall { get; init; } = 0.8;

    /// <summary>How long a failed qualification locks the domain. Default 7 days.</summary>
    public TimeSpan QualificationCooldown { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Longest cooldown, suspension, timeout or half-life any setting may have: 10 years.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(3650);

    /// <summary>Most boxes in one answer. Default 100.</summary>
    public int MaxBoxesPerImage { get; init; } = 100;

    /// <summary>The consensus options of this domain.</summary>
    public ConsensusOptions ConsensusOptions => new() { IoUThresholds = Classes };

    /// <summary>
    /// Dynamic overlap: an image with <paramref name="answers"/> counted answers is finished at the
    /// maximum overlap whatever the consensus, or earlier once the consensus reaches the confidence
    /// target with the minimum overlap counted three ways: answers, effective voters (so one strong
    /// answer among weak ones is not enough) and total voting power in full voters (a voting power
    /// of 1 is a labeler of full reputation without stake, so three labelers who fail gold are not
    /// three voters however much they agree).
    /// </summary>
    public bool IsFinished(int answers, ImageConsensus consensus)
    {
        ArgumentNullException.ThrowIfNull(consensus);
        // Half a voter of slack: 1, 1 and 1.1 are 2.99 effective voters, and count as three.
        var enough = MinOverlap - 0.5;
        return answers >= MaxOverlap
            || (answers >= MinOverlap && consensus.EffectiveVoters >= enough && consensus.TotalWeight >= enough && consensus.Confidence >= ConfidenceTarget);
    }

    /// <summary>Gold items in a bundle of <paramref name="bundleSize"/> items: the gold ratio's share, and never none.</summary>
    public int GoldPerBundle(int bundleSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bundleSize, 2);
        return Math.Clamp((int)Math.Round(bundleSize * GoldRatio, MidpointRounding.AwayFromZero), 1, bundleSize - 1);
    }

    /// <summary>
    /// Why <paramref name="name"/> cannot name a domain, or null when it can: 1 to
    /// <see cref="MaxNameLength"/> letters, digits, '.', '_' or '-', starting with a letter or digit.
    /// Names are keys in the database and parts of URLs, so they are short and plain.
    /// </summary>
    public static string? NameProblem(string? name) =>
        string.IsNullOrEmpty(name) ? "the domain needs a name"
        : name.Length > MaxNameLength ? $"a domain name has at most {MaxNameLength} characters, got {name.Length}"
        : !char.IsAsciiLetterOrDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? $"domain name '{name}' may hold only letters, digits, '.', '_' and '-', starting with a letter or digit"
        : null;

    /// <summary>Everything wrong with the domain's settings; empty when it is usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (NameProblem(Name) is { } nameProblem)
        {
            // The rest names the domain; a name that is itself the problem is not repeated.
            return [nameProblem];
        }

        if (Classes.Count is 0 or > MaxClasses)
        {
            problems.Add($"domain '{Name}' needs 1 to {MaxClasses} classes, got {Classes.Count}");
        }

        problems.AddRange(Classes.Where(c => string.IsNullOrWhiteSpace(c.Key) || c.Key.Length > MaxNameLength || c.Key.Any(char.IsControl))
            .Take(3)
            .Select(c => $"domain '{Name}': a class name has 1 to {MaxNameLength} characters and no control characters, got one of {c.Key.Length}"));
        problems.AddRange(Classes.Where(c => !(c.Value > 0 && c.Value <= 1))
            .Take(3)
            .Select(c => $"domain '{Name}': class '{Shown(c.Key)}' needs an IoU threshold above 0 and at most 1, got {c.Value}"));
        if (MinOverlap < 1 || MaxOverlap < MinOverlap)
        {
            problems.Add($"domain '{Name}': overlap must be 1 ≤ minimum ≤ maximum, got {MinOverlap}..{MaxOverlap}");
        }

        if (!(GoldRatio > 0 && GoldRatio < 1))
        {
            problems.Add($"domain '{Name}': the gold ratio must be above 0 and below 1, got {GoldRatio}");
        }

        if (QualificationSize < 3)
        {
            problems.Add($"domain '{Name}': the qualification needs at least 3 gold items (nobody is judged on fewer), got {QualificationSize}");
        }

        foreach (var (what, value) in new[] { ("confidence target", ConfidenceTarget), ("pass mean IoU", PassMeanIoU), ("pass precision", PassPrecision), ("pass recall", PassRecall) })
        {
            if (!(value > 0 && value <= 1))
            {
                problems.Add($"domain '{Name}': the {what} must be above 0 and at most 1, got {value}");
            }
        }

        if (QualificationCooldown < TimeSpan.Zero || QualificationCooldown > MaxDuration)
        {
            problems.Add($"domain '{Name}': the qualification cooldown must be between 0 and {MaxDuration.TotalDays:0} days, got {QualificationCooldown}");
        }

        if (MaxBoxesPerImage is < 1 or > MaxBoxesLimit)
        {
            problems.Add($"domain '{Name}': the boxes allowed per image must be 1 to {MaxBoxesLimit}, got {MaxBoxesPerImage}");
        }

        return problems;
    }

    /// <summary>Everything wrong with <paramref name="submission"/> for an image of the given size; empty when it is acceptable.</summary>
    public IReadOnlyList<string> Check(Submission submission, double imageWidth, double imageHeight)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var problems = new List<string>();
        if (submission.Boxes.Count > MaxBoxesPerImage)
        {
            problems.Add($"{submission.Boxes.Count} boxes, more than the {MaxBoxesPerImage} domain '{Name}' allows");
        }

        for (var i = 0; i < submission.Boxes.Count; i++)
        {
            var (label, box) = submission.Boxes[i];
            if (!Classes.ContainsKey(label))
            {
                problems.Add($"box {i}: unknown class '{Shown(label)}' (domain '{Name}' has {string.Join(", ", Classes.Keys.Order(StringComparer.Ordinal))})");
            }
            else if (box.Problem(imageWidth, imageHeight) is { } problem)
            {
                problems.Add($"box {i}: {problem}");
            }
        }

        return problems;
    }

    /// <summary>A name as quoted in a message: cut at <see cref="MaxNameLength"/> characters.</summary>
    private static string Shown(string name) => name.Length > MaxNameLength ? name[..MaxNameLength] + "…" : name;
}
