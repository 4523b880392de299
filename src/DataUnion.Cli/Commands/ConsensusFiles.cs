using System.Globalization;
using System.Text.Json;
using DataUnion.Core.Labeling;

namespace DataUnion.Cli.Commands;

/// <summary>
/// Reads and checks the files of <c>dataunion consensus</c> (formats in the README). Every problem
/// found is collected, naming the image, the labeler and the box, so one run shows them all.
/// </summary>
internal static class ConsensusFiles
{
    private const int MaxProblemsShown = 20;

    public sealed record Crowd(IReadOnlyList<CrowdImage> Images, ConsensusOptions Options, IReadOnlySet<string>? Classes, int MaxBoxes);

    public static Crowd ReadSubmissions(string path)
    {
        using var document = Parse(path);
        var root = document.RootElement;
        var problems = new List<string>();
        var classes = root.TryGetProperty("classes", out var c) ? c.EnumerateArray().Select(x => x.GetString() ?? string.Empty).ToHashSet(StringComparer.Ordinal) : null;
        var thresholds = root.TryGetProperty("iouThresholds", out var t)
            ? t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal)
            : new Dictionary<string, double>();
        var quorum = root.TryGetProperty("quorum", out var q) ? q.GetDouble() : 0.5;
        var maxBoxes = root.TryGetProperty("maxBoxesPerImage", out var m) ? m.GetInt32() : 100;
        if (quorum is < 0 or >= 1)
        {
            problems.Add($"quorum must be at least 0 and below 1, got {quorum}");
        }

        foreach (var (label, value) in thresholds.Where(x => x.Value is <= 0 or > 1))
        {
            problems.Add($"iouThresholds.{label} must be above 0 and at most 1, got {value}");
        }

        if (!root.TryGetProperty("images", out var imagesElement) || imagesElement.ValueKind != JsonValueKind.Array)
        {
            throw new CliFailureException($"'{path}': expected an object with an \"images\" array");
        }

        var images = new List<CrowdImage>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in imagesElement.EnumerateArray())
        {
            var id = image.TryGetProperty("id", out var idElement) ? idElement.GetString() ?? string.Empty : string.Empty;
            var where = $"image '{id}'";
            if (id.Length == 0 || !ids.Add(id))
            {
                problems.Add(id.Length == 0 ? "an image has no id" : $"{where} appears twice");
                continue;
            }

            var width = Number(image, "width", where, problems);
            var height = Number(image, "height", where, problems);
            if (width is not > 0 || height is not > 0)
            {
                problems.Add($"{where}: width and height must be positive numbers of pixels");
                continue;
            }

            var submissions = new List<Submission>();
            var labelers = new HashSet<string>(StringComparer.Ordinal);
            foreach (var submission in image.GetProperty("submissions").EnumerateArray())
            {
                var labeler = submission.TryGetProperty("labeler", out var l) ? l.GetString() ?? string.Empty : string.Empty;
                if (labeler.Length == 0)
                {
                    problems.Add($"{where}: a submission has no labeler");
                    continue;
                }

                if (!labelers.Add(labeler))
                {
                    problems.Add($"{where}: duplicate submission from labeler '{labeler}'");
                    continue;
                }

                var boxes = ReadBoxes(submission, $"{where}, labeler '{labeler}'", width.Value, height.Value, classes, problems);
                if (boxes.Count > maxBoxes)
                {
                    problems.Add($"{where}, labeler '{labeler}': {boxes.Count} boxes, more than maxBoxesPerImage ({maxBoxes})");
                }

                submissions.Add(new Submission(labeler, boxes));
            }

            images.Add(new CrowdImage(id, width.Value, height.Value, submissions));
        }

        Fail(path, problems);
        return new Crowd(images, new ConsensusOptions { IoUThresholds = thresholds, Quorum = quorum }, classes, maxBoxes);
    }

    public static IReadOnlyDictionary<string, IReadOnlyList<LabeledBox>> ReadGold(string path, Crowd crowd)
    {
        using var document = Parse(path);
        var problems = new List<string>();
        var sizes = crowd.Images.ToDictionary(i => i.Id, i => (i.Width, i.Height), StringComparer.Ordinal);
        var gold = new Dictionary<string, IReadOnlyList<LabeledBox>>(StringComparer.Ordinal);
        foreach (var image in document.RootElement.GetProperty("images").EnumerateArray())
        {
            var id = image.GetProperty("id").GetString() ?? string.Empty;
            if (!sizes.TryGetValue(id, out var size))
            {
                problems.Add($"gold image '{id}' is not among the submissions' images");
                continue;
            }

            gold[id] = ReadBoxes(image, $"gold image '{id}'", size.Width, size.Height, crowd.Classes, problems);
        }

        Fail(path, problems);
        return gold;
    }

    public static IReadOnlyDictionary<string, double> ReadStakes(string path)
    {
        using var document = Parse(path);
        var problems = new List<string>();
        var stakes = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in document.RootElement.EnumerateObject())
        {
            var text = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() : entry.Value.GetRawText();
            if (!System.Numerics.BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var stake))
            {
                problems.Add($"the stake of '{entry.Name}' is not a whole number of token base units: {text}");
                continue;
            }

            stakes[entry.Name] = (double)stake;
        }

        Fail(path, problems);
        return stakes;
    }

    private static List<LabeledBox> ReadBoxes(JsonElement owner, string where, double width, double height, IReadOnlySet<string>? classes, List<string> problems)
    {
        var boxes = new List<LabeledBox>();
        if (!owner.TryGetProperty("boxes", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{where}: \"boxes\" must be an array (empty when there are no objects)");
            return boxes;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var at = $"{where}, box {index++}";
            var label = item.TryGetProperty("label", out var l) ? l.GetString() ?? string.Empty : string.Empty;
            if (label.Length == 0 || (classes is not null && !classes.Contains(label)))
            {
                problems.Add(label.Length == 0 ? $"{at}: no label" : $"{at}: unknown class '{label}' (classes: {string.Join(", ", classes!)})");
                continue;
            }

            if (!item.TryGetProperty("box", out var b) || b.ValueKind != JsonValueKind.Array || b.GetArrayLength() != 4)
            {
                problems.Add($"{at}: \"box\" must be [x, y, width, height]");
                continue;
            }

            var v = b.EnumerateArray().Select(Coordinate).ToArray();
            var box = new Box(v[0], v[1], v[2], v[3]);
            if (box.Problem(width, height) is { } problem)
            {
                problems.Add($"{at}: {problem}");
                continue;
            }

            boxes.Add(new LabeledBox(label, box));
        }

        return boxes;
    }

    /// <summary>A coordinate; "NaN" and "Infinity" strings are read so they can be refused by name.</summary>
    private static double Coordinate(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.String when double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => double.NaN,
    };

    private static double? Number(JsonElement owner, string name, string where, List<string> problems)
    {
        if (owner.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Number)
        {
            return element.GetDouble();
        }

        problems.Add($"{where}: \"{name}\" must be a number");
        return null;
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new CliFailureException($"'{path}' is not valid JSON: {ex.Message}");
        }
    }

    private static void Fail(string path, List<string> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }

        var shown = string.Join(Environment.NewLine, problems.Take(MaxProblemsShown).Select(p => "  " + p));
        var more = problems.Count > MaxProblemsShown ? $"{Environment.NewLine}  … and {problems.Count - MaxProblemsShown} more" : string.Empty;
        throw new CliFailureException($"'{path}' has {problems.Count} problem(s); nothing was written:{Environment.NewLine}{shown}{more}");
    }
}
