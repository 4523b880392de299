using System.Text.Json.Serialization;

namespace DataUnion.Core.Labeling;

/// <summary>Why the labeling engine refused a request.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LabelingErrorKind>))]
public enum LabelingErrorKind
{
    /// <summary>The input is malformed or breaks the domain's rules.</summary>
    Invalid,

    /// <summary>The domain, image or bundle does not exist.</summary>
    NotFound,

    /// <summary>The bundle was assigned to someone else.</summary>
    NotAssigned,

    /// <summary>The same thing again: a duplicate submission, an image id taken by another image.</summary>
    Duplicate,

    /// <summary>The bundle expired before the answer came.</summary>
    Late,

    /// <summary>Answered faster than a person can.</summary>
    TooFast,

    /// <summary>The labeler may not work now: qualifying lock, suspension or ban.</summary>
    Refused,

    /// <summary>Nothing to hand out: no images need this labeler, or no unseen gold is left.</summary>
    NoWork,
}
