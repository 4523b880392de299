namespace DataUnion.Storage;

/// <summary>The single document of the <c>_schema</c> collection.</summary>
internal sealed class SchemaInfo
{
    public const string DocumentId = "schema";

    public string Id { get; set; } = DocumentId;

    public int Version { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime MigratedUtc { get; set; }
}
