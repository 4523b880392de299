using System.Security.Cryptography;
using System.Text;
using DataUnion.Chain.Signing;

namespace DataUnion.Node.Contributions;

/// <summary>
/// The self-declared attributes a contributor may give with an image, for fairness statistics
/// only: each is optional, "prefer-not-to-say" is always an answer, and no public output shows
/// them per image. Their canonical text (<see cref="Canonical"/>) is hashed into the consent.
/// </summary>
public sealed class AttributeVocabulary
{
    /// <summary>The answer every attribute allows.</summary>
    public const string PreferNotToSay = "prefer-not-to-say";

    /// <summary>Most attributes in a vocabulary.</summary>
    public const int MaxAttributes = 32;

    /// <summary>Most values of one attribute.</summary>
    public const int MaxValues = 64;

    /// <summary>Longest attribute name or value, in characters.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// The default vocabulary: age band, perceived gender presentation, skin tone on the Monk
    /// Skin Tone scale (10 tones) and world region.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Default { get; } = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["ageBand"] = ["0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"],
        ["genderPresentation"] = ["feminine", "masculine", "androgynous", "other"],
        ["skinTone"] = ["monk-01", "monk-02", "monk-03", "monk-04", "monk-05", "monk-06", "monk-07", "monk-08", "monk-09", "monk-10"],
        ["region"] = ["africa", "asia", "europe", "latin-america-caribbean", "middle-east", "north-america", "oceania"],
    };

    private readonly SortedDictionary<string, IReadOnlyList<string>> _attributes;

    /// <summary>A vocabulary of <paramref name="attributes"/> (each with its values), or the default.</summary>
    public AttributeVocabulary(IReadOnlyDictionary<string, List<string>>? attributes = null)
    {
        if (attributes is not null && Problems(attributes) is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(attributes));
        }

        _attributes = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, values) in attributes?.ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Value) ?? Default)
        {
            _attributes[name] = values.Contains(PreferNotToSay) ? values : [.. values, PreferNotToSay];
        }
    }

    /// <summary>Each attribute with its allowed values, by name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes => _attributes;

    /// <summary>What is wrong with a configured vocabulary.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, List<string>> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var problems = new List<string>();
        if (attributes.Count > MaxAttributes)
        {
            problems.Add($"at most {MaxAttributes} attributes, got {attributes.Count}");
        }

        foreach (var (name, values) in attributes)
        {
            if (!IsToken(name))
            {
                problems.Add($"attribute name '{name}' must be 1 to {MaxLength} letters, digits, '-' or '_'");
            }

            if (values is null or { Count: 0 } || values.Count > MaxValues)
            {
                problems.Add($"attribute '{name}' needs 1 to {MaxValues} values");
                continue;
            }

            problems.AddRange(values.Where(v => !IsValue(v))
                .Select(v => $"attribute '{name}' has value '{v}': values are 1 to {MaxLength} letters, digits, '-', '_' or '+'"));
            if (values.Distinct(StringComparer.Ordinal).Count() != values.Count)
            {
                problems.Add($"attribute '{name}' lists a value twice");
            }
        }

        return problems;
    }

    /// <summary>What is wrong with a contributor's <paramref name="answers"/>; empty when they are all in the vocabulary.</summary>
    public IReadOnlyList<string> Check(IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var problems = new List<string>();
        foreach (var (name, value) in answers)
        {
            if (!_attributes.TryGetValue(name, out var values))
            {
                problems.Add($"attributes: '{Cut(name)}' is not an attribute this node records; it records {string.Join(", ", _attributes.Keys)}");
            }
            else if (!values.Contains(value, StringComparer.Ordinal))
            {
                problems.Add($"attributes: '{Cut(value)}' is not a value of {name}; use one of {string.Join(", ", values)}");
            }
        }

        return problems;
    }

    /// <summary>
    /// The canonical text of <paramref name="answers"/>: one <c>name=value</c> line per answer, in
    /// ordinal order of the names, joined by <c>\n</c>; empty when there are none.
    /// </summary>
    public static string Canonical(IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var text = new StringBuilder();
        foreach (var (name, value) in answers.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            text.Append(text.Length == 0 ? string.Empty : "\n").Append(name).Append('=').Append(value);
        }

        return text.ToString();
    }

    /// <summary>
    /// The consent's <c>attributesHash</c>: keccak256 of <c>salt=</c> and the salt's 0x hex on a
    /// first line, then <see cref="Canonical"/>; 32 zero bytes when there are no answers. The
    /// salt, 32 random bytes of the contribution's own that only its contributor is shown, keeps
    /// the answers from being found by hashing every combination of the few values there are.
    /// </summary>
    public static byte[] Commitment(IReadOnlyDictionary<string, string> answers, string? salt)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count == 0)
        {
            return new byte[32];
        }

        ArgumentException.ThrowIfNullOrEmpty(salt);
        return ConsentSigner.Keccak("salt=" + salt + "\n" + Canonical(answers));
    }

    /// <summary>A fresh salt for <see cref="Commitment"/>: 32 random bytes, 0x hex; null when there are no answers to hide.</summary>
    public static string? NewSalt(IReadOnlyDictionary<string, string> answers) =>
        answers.Count == 0 ? null : "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static bool IsToken(string? text) =>
        text is { Length: > 0 and <= MaxLength } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static bool IsValue(string? text) =>
        text is { Length: > 0 and <= MaxLength } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+');

    private static string Cut(string? text) => text is null ? "null" : text.Length > MaxLength ? text[..MaxLength] + "…" : text;
}
