using DataUnion.Core.Labeling;
using LiteDB;

namespace DataUnion.Storage.Labeling;

/// <summary>A labeled box as stored.</summary>
internal sealed class BoxDocument
{
    public string Label { get; set; } = "";

    public double X { get; set; }

    public double Y { get; set; }

    public double Width { get; set; }

    public double Height { get; set; }

    public static BoxDocument From(LabeledBox box) => new() { Label = box.Label, X = box.Box.X, Y = box.Box.Y, Width = box.Box.Width, Height = box.Box.Height };

    public static List<BoxDocument> From(IEnumerable<LabeledBox> boxes) => boxes.Select(From).ToList();

    public static IReadOnlyList<LabeledBox> ToBoxes(IEnumerable<BoxDocument> boxes) => boxes.Select(b => b.ToBox()).ToList();

    public LabeledBox ToBox() => new(Label, new Box(X, Y, Width, Height));

    public BsonDocument ToBson() => new() { ["Label"] = Label, ["X"] = X, ["Y"] = Y, ["Width"] = Width, ["Height"] = Height };

    public static BoxDocument FromBson(BsonDocument d) => new()
    {
        Label = Fields.String(d, "Label"),
        X = Fields.Double(d, "X"),
        Y = Fields.Double(d, "Y"),
        Width = Fields.Double(d, "Width"),
        Height = Fields.Double(d, "Height"),
    };
}
