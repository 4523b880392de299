using System.Globalization;
using System.Text.Json;

namespace DataUnion.Core.Fairness;

/// <summary>
/// Reads a detector's predictions in COCO's results format: a JSON array of objects with
/// <c>image_id</c>, <c>category_id</c>, <c>bbox</c> ([x, y, width, height] in pixels) and
/// <c>score</c>. Every entry is checked against the evaluated images and categories; a file with
/// any bad entry is refused whole, naming the first ones.
/// </summary>
public static class CocoResults
{
    /// <summary>Problems named before the rest are only counted.</summary>
    public const int MaxNamed = 10;

    /// <summary>Reads and checks the predictions.</summary>
    /// <param name="json">The results file's bytes (UTF-8).</param>
    /// <param name="images">Image ids the predictions may refer to.</param>
    /// <param name="categories">Category ids the predictions may use.</param>
    /// <exception cref="CocoResultsException">The file is not a results array, or some entries are bad.</exception>
    public static IReadOnlyList<Prediction> Read(ReadOnlyMemory<byte> json, IReadOnlySet<long> images, IReadOnlySet<int> categories)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(categories);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new CocoResultsException([$"the predictions are not JSON: {e.Message}"], 1);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new CocoResultsException(["the predictions must be a JSON array of {image_id, category_id, bbox, score} objects"], 1);
            }

            var problems = new List<string>();
            var bad = 0;
            var predictions = new List<Prediction>(document.RootElement.GetArrayLength());
            var index = 0;
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                var problem = Check(entry, images, categories, out var prediction);
                if (problem is null)
                {
                    predictions.Add(prediction);
                }
                else
                {
                    bad++;
                    if (problems.Count < MaxNamed)
                    {
                        problems.Add(string.Create(CultureInfo.InvariantCulture, $"prediction {index}: {problem}"));
                    }
                }

                index++;
            }

            if (bad > 0)
            {
                throw new CocoResultsException(problems, bad);
            }

            return predictions;
        }
    }

    private static string? Check(JsonElement entry, IReadOnlySet<long> images, IReadOnlySet<int> categories, out Prediction prediction)
    {
        prediction = default;
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return "not an object";
        }

        if (!entry.TryGetProperty("image_id", out var imageElement) || imageElement.ValueKind != JsonValueKind.Number || !imageElement.TryGetInt64(out var image))
        {
            return "image_id is missing or not an integer";
        }

        if (!images.Contains(image))
        {
            return $"image_id {image} is not an image of this version";
        }

        if (!entry.TryGetProperty("category_id", out var categoryElement) || categoryElement.ValueKind != JsonValueKind.Number || !categoryElement.TryGetInt32(out var category))
        {
            return "category_id is missing or not an integer";
        }

        if (!categories.Contains(category))
        {
            return $"category_id {category} is not a category of this version";
        }

        if (!entry.TryGetProperty("bbox", out var boxElement) || boxElement.ValueKind != JsonValueKind.Array || boxElement.GetArrayLength() != 4)
        {
            return "bbox must be [x, y, width, height]";
        }

        Span<double> box = stackalloc double[4];
        var i = 0;
        foreach (var value in boxElement.EnumerateArray())
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out box[i]) || !double.IsFinite(box[i]))
            {
                return "bbox holds a value that is not a finite number";
            }

            i++;
        }

        if (box[2] < 0 || box[3] < 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"bbox has a negative width or height ({box[2]} × {box[3]})");
        }

        var cocoBox = new CocoBox(box[0], box[1], box[2], box[3]);
        if (cocoBox.Area > CocoBox.MaxArea)
        {
            return "bbox is larger than COCO evaluates (1e10 px²)";
        }

        if (!entry.TryGetProperty("score", out var scoreElement) || scoreElement.ValueKind != JsonValueKind.Number
            || !scoreElement.TryGetDouble(out var score) || !(score >= 0 && score <= 1))
        {
            return "score must be a number in [0, 1]";
        }

        prediction = new Prediction(image, category, cocoBox, score);
        return null;
    }
}

/// <summary>A results file that cannot be evaluated.</summary>
/// <param name="problems">The first problems, each naming the entry.</param>
/// <param name="count">How many entries are bad in all.</param>
public sealed class CocoResultsException(IReadOnlyList<string> problems, int count)
    : FormatException(count > problems.Count
        ? $"{string.Join("; ", problems)}; and {count - problems.Count} more bad predictions"
        : string.Join("; ", problems))
{
    /// <summary>The first problems.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;

    /// <summary>Bad entries in all.</summary>
    public int Count { get; } = count;
}
