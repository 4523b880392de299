namespace DataUnion.Core.Fairness;

/// <summary>A version's fairness report: who it represents and, with predictions, how a detector does per group.</summary>
/// <param name="VersionId">The version.</param>
/// <param name="Dataset">Its domain.</param>
/// <param name="Composition">Who it represents (aggregates, small groups withheld).</param>
/// <param name="Evaluation">The detector's evaluation, when predictions were given.</param>
public sealed record FairnessReport(long VersionId, string Dataset, Composition Composition, FairnessEvaluation? Evaluation);
