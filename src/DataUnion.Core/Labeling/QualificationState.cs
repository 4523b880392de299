using System.Text.Json.Serialization;

namespace DataUnion.Core.Labeling;

/// <summary>Where a labeler stands in a domain.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<QualificationState>))]
public enum QualificationState
{
    /// <summary>Answering the qualification's gold items.</summary>
    Qualifying,

    /// <summary>Passed: gets real items (with gold mixed in).</summary>
    Qualified,

    /// <summary>Failed: the domain is closed to them until the cooldown ends.</summary>
    Locked,
}
