namespace DataUnion.Core.Labeling;

/// <summary>The labeling engine refused a request; <see cref="Problems"/> say each thing that was wrong.</summary>
public sealed class LabelingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LabelingException(LabelingErrorKind kind, IReadOnlyList<string> problems)
        : base(string.Join("; ", problems))
    {
        Kind = kind;
        Problems = problems;
    }

    /// <summary>Creates the exception with one problem.</summary>
    public LabelingException(LabelingErrorKind kind, string problem)
        : this(kind, [problem])
    {
    }

    /// <summary>Creates an exception without a kind (for serializers).</summary>
    public LabelingException()
        : this(LabelingErrorKind.Invalid, "the labeling request was refused")
    {
    }

    /// <summary>Creates an exception without a kind (for serializers).</summary>
    public LabelingException(string message)
        : this(LabelingErrorKind.Invalid, message)
    {
    }

    /// <summary>Creates an exception without a kind (for serializers).</summary>
    public LabelingException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>What kind of refusal.</summary>
    public LabelingErrorKind Kind { get; }

    /// <summary>Everything that was wrong.</summary>
    public IReadOnlyList<string> Problems { get; }
}
