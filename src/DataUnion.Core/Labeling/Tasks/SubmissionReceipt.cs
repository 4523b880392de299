namespace DataUnion.Core.Labeling;

/// <summary>
/// What an accepted bundle answer did. It says how many hidden gold items passed but not which
/// items were gold, so a labeler cannot learn them.
/// </summary>
/// <param name="Bundle">The bundle.</param>
/// <param name="GoldPassed">Whether every gold item in the bundle passed; only then do the real answers count.</param>
/// <param name="Counted">Real answers that now count towards consensus.</param>
/// <param name="Finished">Images this answer finished.</param>
/// <param name="Labeler">The labeler's standing afterwards.</param>
public sealed record SubmissionReceipt(string Bundle, bool GoldPassed, int Counted, int Finished, LabelerStatus Labeler);
