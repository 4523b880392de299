namespace DataUnion.Demo;

/// <summary>
/// The demo's attributes: invented, with no relation to the people in the photos. They exist to
/// show the report's groups, nothing else; the node is configured with these and no others.
/// </summary>
internal static class Invented
{
    public static readonly string[] Photos = ["sample1.jpg", "sample2.jpg", "sample3.jpg", "sample4.jpg", "sample5.jpg", "sample6.jpg"];

    public static readonly Dictionary<string, string[]> Attributes = new(StringComparer.Ordinal)
    {
        ["inventedRegion"] = ["north", "south", "east"],
        ["inventedAgeBand"] = ["younger", "older"],
    };

    /// <summary>The node's settings for the vocabulary.</summary>
    public static IEnumerable<string> Settings =>
        Attributes.SelectMany(a => a.Value.Select((value, i) => $"--Contributions:Attributes:{a.Key}:{i}={value}"));

    /// <summary>Photo <paramref name="i"/>'s invented answers: every region twice, every age band three times.</summary>
    public static Dictionary<string, string> Of(int i) => new(StringComparer.Ordinal)
    {
        ["inventedRegion"] = Attributes["inventedRegion"][i % 3],
        ["inventedAgeBand"] = Attributes["inventedAgeBand"][i % 2],
    };
}
