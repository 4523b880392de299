using System.Globalization;
using System.Text.Json;

namespace DataUnion.Chain.Versions;

/// <summary>
/// Writes a version's annotations in COCO object-detection format: images (id, file name, width,
/// height), one annotation per consensus box (<c>bbox</c> [x, y, width, height] in pixels,
/// <c>area</c>, <c>iscrowd</c> 0, and the consensus confidence as <c>score</c>), and the domain's
/// classes as categories with 1-based ids in ordinal order of their names.
/// </summary>
internal sealed class CocoWriter(VersionContent content)
{
    public void Write(Utf8JsonWriter w)
    {
        var terms = content.Terms;
        var categories = terms.Classes.Select((name, i) => (name, id: i + 1)).ToDictionary(c => c.name, c => c.id, StringComparer.Ordinal);
        w.WriteStartObject();
        w.WriteStartObject("info");
        w.WriteString("description", $"{terms.Dataset}, dataset version {terms.VersionId}");
        w.WriteString("version", terms.VersionId.ToString(CultureInfo.InvariantCulture));
        w.WriteNumber("year", terms.Created.UtcDateTime.Year);
        w.WriteString("contributor", "the data union's contributors and labelers");
        w.WriteString("date_created", terms.Created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteStartArray("licenses");
        w.WriteStartObject();
        w.WriteNumber("id", 1);
        w.WriteString("name", terms.LicenceId);
        w.WriteString("url", VersionContent.ManifestPath);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("images");
        for (var i = 0; i < content.Images.Count; i++)
        {
            var image = content.Images[i];
            w.WriteStartObject();
            w.WriteNumber("id", i + 1);
            w.WriteString("file_name", image.FileName);
            w.WriteNumber("width", image.Width);
            w.WriteNumber("height", image.Height);
            w.WriteNumber("license", 1);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("annotations");
        var id = 0;
        for (var i = 0; i < content.Images.Count; i++)
        {
            foreach (var box in content.Images[i].Objects)
            {
                if (!categories.TryGetValue(box.Label, out var category))
                {
                    throw new ArgumentException($"the image {content.Images[i].Cid} has a box labelled '{box.Label}', which is not one of the dataset's classes");
                }

                w.WriteStartObject();
                w.WriteNumber("id", ++id);
                w.WriteNumber("image_id", i + 1);
                w.WriteNumber("category_id", category);
                w.WriteStartArray("bbox");
                w.WriteNumberValue(Math.Round(box.Box.X, 2));
                w.WriteNumberValue(Math.Round(box.Box.Y, 2));
                w.WriteNumberValue(Math.Round(box.Box.Width, 2));
                w.WriteNumberValue(Math.Round(box.Box.Height, 2));
                w.WriteEndArray();
                w.WriteNumber("area", Math.Round(box.Box.Width * box.Box.Height, 2));
                w.WriteNumber("iscrowd", 0);
                w.WriteNumber("score", Math.Round(box.Confidence, 4));
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
        w.WriteStartArray("categories");
        foreach (var (name, category) in categories)
        {
            w.WriteStartObject();
            w.WriteNumber("id", category);
            w.WriteString("name", name);
            w.WriteString("supercategory", "object");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
