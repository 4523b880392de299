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

    public DateTime IssuedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? AnsweredAt { get; set; }
}
