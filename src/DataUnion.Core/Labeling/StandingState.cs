using System.Text.Json.Serialization;

namespace DataUnion.Core.Labeling;

/// <summary>Whether a labeler may take tasks in a domain.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StandingState>))]
public enum StandingState
{
    /// <summary>In good standing.</summary>
    Active,

    /// <summary>Suspended until <see cref="Standing.Until"/>.</summary>
    Suspended,

    /// <summary>Banned from the domain for good.</summary>
    Banned,
}
