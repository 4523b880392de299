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
}
