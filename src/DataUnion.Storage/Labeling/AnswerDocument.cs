using DataUnion.Core.Labeling;
using LiteDB;

namespace DataUnion.Storage.Labeling;

/// <summary>One labeler's boxes for one image of a bundle (collection <c>labeling_answers</c>).</summary>
internal sealed class AnswerDocument
{
    public ObjectId Id { get; set; } = ObjectId.NewObjectId();

    public string Bundle { get; set; } = "";

    public string Image { get; set; } = "";

    public string Labeler { get; set; } = "";

    public List<BoxDocument> Boxes { get; set; } = [];

    private DateTime _at;

    public DateTime At { get => _at; set => _at = StoredTime.Utc(value); }

    /// <summary>What became of it; stored by name.</summary>
    public AnswerKind Kind { get; set; }

    public bool? Passed { get; set; }

    public BsonDocument ToBson() => new()
    {
        ["_id"] = Id,
        ["Bundle"] = Bundle,
        ["Image"] = Image,
        ["Labeler"] = Labeler,
        ["Boxes"] = Fields.Array(Boxes, b => b.ToBson()),
        ["At"] = At,
        ["Kind"] = Kind.ToString(),
        ["Passed"] = Fields.Value(Passed),
    };

    public static AnswerDocument FromBson(BsonDocument d) => new()
    {
        Id = d["_id"].AsObjectId,
        Bundle = Fields.String(d, "Bundle"),
        Image = Fields.String(d, "Image"),
        Labeler = Fields.String(d, "Labeler"),
        Boxes = Fields.Documents(d, "Boxes", BoxDocument.FromBson),
        At = Fields.Date(d, "At"),
        Kind = Enum.Parse<AnswerKind>(Fields.String(d, "Kind")),
        Passed = Fields.BoolOrNull(d, "Passed"),
    };
}
