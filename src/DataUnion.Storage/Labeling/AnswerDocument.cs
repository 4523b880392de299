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

    /// <summary>Gold (graded), Counted (towards consensus) or Discarded (the bundle's gold failed).</summary>
    public string Kind { get; set; } = "";

    public bool? Passed { get; set; }
}
