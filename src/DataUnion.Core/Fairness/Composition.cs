namespace DataUnion.Core.Fairness;

/// <summary>
/// Who a version represents, from its contributors' self-declared attributes: aggregates only,
/// every figure that would describe fewer than k contributors (or let one be worked out by
/// subtraction) withheld.
/// </summary>
/// <param name="MinContributors">k: the fewest contributors a published figure may describe.</param>
/// <param name="Images">Images in the version.</param>
/// <param name="Attributes">Per attribute, its groups.</param>
/// <param name="Pairs">Per pair of attributes, images per pair of values.</param>
/// <param name="LargestGaps">The published groups furthest from their target share, furthest first.</param>
public sealed record Composition(int MinContributors, int Images, IReadOnlyList<AttributeComposition> Attributes, IReadOnlyList<PairComposition> Pairs, IReadOnlyList<CompositionGap> LargestGaps);

/// <summary>One attribute's groups.</summary>
/// <param name="Name">The attribute.</param>
/// <param name="Answered">Images whose contributor gave one of its values (not "prefer not to say"); null when withheld.</param>
/// <param name="Target">Where the target shares come from: "uniform" or "operator".</param>
/// <param name="Groups">Its values, then "prefer-not-to-say" and "unanswered".</param>
public sealed record AttributeComposition(string Name, int? Answered, string Target, IReadOnlyList<GroupShare> Groups);

/// <summary>One group: its images, its share and how far that is from the target.</summary>
/// <param name="Value">The attribute's value.</param>
/// <param name="Images">Images in it; null when withheld.</param>
/// <param name="Share">Its share of the answered images (of all images for "prefer-not-to-say" and "unanswered"); null when withheld.</param>
/// <param name="Interval">The share's 95 % Wilson interval.</param>
/// <param name="Target">The target share (values only).</param>
/// <param name="Gap">Share minus target.</param>
/// <param name="Withheld">Why it is not shown: "fewer than k contributors", "would reveal another figure", or null.</param>
public sealed record GroupShare(string Value, int? Images, double? Share, Interval? Interval, double? Target, double? Gap, string? Withheld);

/// <summary>Images per pair of values of two attributes.</summary>
/// <param name="First">The first attribute.</param>
/// <param name="Second">The second attribute.</param>
/// <param name="Cells">One per pair of values.</param>
public sealed record PairComposition(string First, string Second, IReadOnlyList<PairCell> Cells);

/// <summary>Images whose contributor gave both values.</summary>
/// <param name="First">The first attribute's value.</param>
/// <param name="Second">The second attribute's value.</param>
/// <param name="Images">How many; null when withheld.</param>
/// <param name="Withheld">Why it is not shown, or null.</param>
public sealed record PairCell(string First, string Second, int? Images, string? Withheld);

/// <summary>A group far from its target share.</summary>
/// <param name="Attribute">The attribute.</param>
/// <param name="Value">The group.</param>
/// <param name="Share">Its share of the answered images.</param>
/// <param name="Target">Its target share.</param>
/// <param name="Gap">Share minus target: negative when under-represented.</param>
public sealed record CompositionGap(string Attribute, string Value, double Share, double Target, double Gap);

/// <summary>One image of a version as the composition sees it.</summary>
/// <param name="Contributor">Who contributed it.</param>
/// <param name="Attributes">What they declared for it (attribute → value); missing attributes are unanswered.</param>
public sealed record ContributedImage(string Contributor, IReadOnlyDictionary<string, string> Attributes);

/// <summary>What a version's manifest says of who it represents: the composition, or why there is none.</summary>
/// <param name="Composition">The composition, when it could be built.</param>
/// <param name="Unavailable">Why not (no declared attributes, fewer contributors than k), otherwise null.</param>
public sealed record CompositionSummary(Composition? Composition, string? Unavailable);
