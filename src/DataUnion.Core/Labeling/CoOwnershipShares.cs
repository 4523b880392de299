namespace DataUnion.Core.Labeling;

/// <summary>
/// Co-ownership share units for finished images: the contributor gets a fixed number of units,
/// and the labelers split theirs in proportion to agreement with the consensus × voting power,
/// rounded by largest remainder (ties to the smaller labeler id), so the units always add up and
/// the same inputs always give the same shares.
/// </summary>
public static class CoOwnershipShares
{
    /// <summary>Units per image for its contributor. Default 1000.</summary>
    public const long ContributorUnits = 1000;

    /// <summary>Units per image split among its labelers. Default 1000.</summary>
    public const long LabelerUnits = 1000;

    /// <summary>
    /// The shares of one finished image. Labelers whose agreement score or voting power is zero get
    /// nothing; when nobody has a positive weight the labelers' units are not awarded.
    /// </summary>
    /// <param name="contributor">Who contributed the image.</param>
    /// <param name="agreement">Each labeler's agreement with the image's consensus.</param>
    /// <param name="votingPower">Each labeler's voting power.</param>
    public static IReadOnlyDictionary<string, long> ForImage(string contributor, IReadOnlyList<LabelerAgreement> agreement, Func<string, double> votingPower)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contributor);
        ArgumentNullException.ThrowIfNull(agreement);
        ArgumentNullException.ThrowIfNull(votingPower);
        var shares = new Dictionary<string, long>(StringComparer.Ordinal) { [contributor] = ContributorUnits };
        var weights = agreement
            .Select(a => (a.Labeler, Weight: Math.Max(0, a.Match.Score) * Math.Max(0, votingPower(a.Labeler))))
            .Where(w => w.Weight > 0 && double.IsFinite(w.Weight))
            .OrderBy(w => w.Labeler, StringComparer.Ordinal)
            .ToList();
        var total = weights.Sum(w => w.Weight);
        if (total <= 0)
        {
            return shares;
        }

        var exact = weights.Select(w => (w.Labeler, Units: LabelerUnits * w.Weight / total)).ToList();
        var given = exact.Select(e => (e.Labeler, Units: (long)Math.Floor(e.Units), Remainder: e.Units - Math.Floor(e.Units))).ToList();
        var left = LabelerUnits - given.Sum(g => g.Units);
        foreach (var (labeler, _, _) in given.OrderByDescending(g => g.Remainder).ThenBy(g => g.Labeler, StringComparer.Ordinal).Take((int)left).ToList())
        {
            var index = given.FindIndex(g => g.Labeler == labeler);
            given[index] = given[index] with { Units = given[index].Units + 1 };
        }

        foreach (var (labeler, units, _) in given.Where(g => g.Units > 0))
        {
            shares[labeler] = shares.GetValueOrDefault(labeler) + units;
        }

        return shares;
    }

    /// <summary>Adds up the shares of many images.</summary>
    public static IReadOnlyDictionary<string, long> Sum(IEnumerable<IReadOnlyDictionary<string, long>> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var total = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var image in images)
        {
            foreach (var (owner, units) in image)
            {
                total[owner] = checked(total.GetValueOrDefault(owner) + units);
            }
        }

        return total;
    }
}
