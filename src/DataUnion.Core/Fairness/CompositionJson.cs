using System.Text.Json;

namespace DataUnion.Core.Fairness;

/// <summary>How the fairness figures are written as JSON everywhere (manifest, API, report): camelCase, withheld figures as null.</summary>
public static class CompositionJson
{
    /// <summary>The serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
