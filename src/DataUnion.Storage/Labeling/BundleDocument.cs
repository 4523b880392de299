using LiteDB;

namespace DataUnion.Storage.Labeling;

/// <summary>A bundle handed to a labeler (collection <c>labeling_bundles</c>).</summary>
internal sealed class BundleDocument
{
    public string Id { get; set; } = "";

    public string Domain { get; set; } = "";

    public string Labeler { get; set; } = "";

    /// <summary>Image ids in the order the labeler sees them.</summary>
    public List<string> Items { get; set; } = [];

    /// <summary>Which of them are gold (never shown).</summary>
    public List<string> Gold { get; set; } = [];

    /// <summary>True for a bundle of qualification gold.</summary>
    public bool Qualifying { get; set; }

    private DateTime _issuedAt;

    public DateTime IssuedAt { get => _issuedAt; set => _issuedAt = StoredTime.Utc(value); }

    private DateTime _expiresAt;

    public DateTime ExpiresAt { get => _expiresAt; set => _expiresAt = StoredTime.Utc(value); }

    private DateTime? _answeredAt;

    public DateTime? AnsweredAt { get => _answeredAt; set => _answeredAt = StoredTime.Utc(value); }

    /// <summary>Set when the bundle expired unanswered and its gold was counted as failed.</summary>
    public bool Abandoned { get; set; }

    /// <summary>True once the bundle cost its labeler a strike; a bundle costs at most one.</summary>
    public bool Struck { get; set; }

    /// <summary>The receipt of the accepted answer, returned again for an identical retry.</summary>
    public bool ReceiptGoldPassed { get; set; }

    public int ReceiptCounted { get; set; }

    public int ReceiptFinished { get; set; }

    public BsonDocument ToBson() => new()
    {
        ["_id"] = Id,
        ["Domain"] = Domain,
        ["Labeler"] = Labeler,
        ["Items"] = Fields.Array(Items),
        ["Gold"] = Fields.Array(Gold),
        ["Qualifying"] = Qualifying,
        ["IssuedAt"] = IssuedAt,
        ["ExpiresAt"] = ExpiresAt,
        ["AnsweredAt"] = Fields.Value(AnsweredAt),
        ["Abandoned"] = Abandoned,
        ["Struck"] = Struck,
        ["ReceiptGoldPassed"] = ReceiptGoldPassed,
        ["ReceiptCounted"] = ReceiptCounted,
        ["ReceiptFinished"] = ReceiptFinished,
    };

    public static BundleDocument FromBson(BsonDocument d) => new()
    {
        Id = Fields.String(d, "_id"),
        Domain = Fields.String(d, "Domain"),
        Labeler = Fields.String(d, "Labeler"),
        Items = Fields.Strings(d, "Items"),
        Gold = Fields.Strings(d, "Gold"),
        Qualifying = Fields.Bool(d, "Qualifying"),
        IssuedAt = Fields.Date(d, "IssuedAt"),
        ExpiresAt = Fields.Date(d, "ExpiresAt"),
        AnsweredAt = Fields.DateOrNull(d, "AnsweredAt"),
        Abandoned = Fields.Bool(d, "Abandoned"),
        Struck = Fields.Bool(d, "Struck"),
        ReceiptGoldPassed = Fields.Bool(d, "ReceiptGoldPassed"),
        ReceiptCounted = Fields.Int(d, "ReceiptCounted"),
        ReceiptFinished = Fields.Int(d, "ReceiptFinished"),
    };
}
