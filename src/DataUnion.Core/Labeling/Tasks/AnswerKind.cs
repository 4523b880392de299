namespace DataUnion.Core.Labeling;

/// <summary>What became of one answer for one image of a bundle.</summary>
public enum AnswerKind
{
    /// <summary>An answer for a gold item: graded against the expert's boxes.</summary>
    Gold,

    /// <summary>An answer for a real image that counts towards its consensus.</summary>
    Counted,

    /// <summary>An answer for a real image of a bundle whose gold failed: kept for the record, never counted.</summary>
    Discarded,

    /// <summary>An answer for an image its contributor withdrew while the bundle was open.</summary>
    Withdrawn,
}
