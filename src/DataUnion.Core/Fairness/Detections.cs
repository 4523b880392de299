namespace DataUnion.Core.Fairness;

/// <summary>An expert (or consensus) object of an evaluated image.</summary>
/// <param name="Category">The category id.</param>
/// <param name="Box">Where it is.</param>
public readonly record struct TruthObject(int Category, CocoBox Box);

/// <summary>An image to evaluate a detector on, with its true objects.</summary>
/// <param name="Id">The image id the predictions refer to.</param>
/// <param name="Truth">Its objects.</param>
public sealed record EvaluationImage(long Id, IReadOnlyList<TruthObject> Truth);

/// <summary>One detection, as a COCO results file gives it.</summary>
/// <param name="ImageId">The image.</param>
/// <param name="Category">The category id.</param>
/// <param name="Box">Where the detector sees it.</param>
/// <param name="Score">The detector's confidence, in [0, 1].</param>
public readonly record struct Prediction(long ImageId, int Category, CocoBox Box, double Score);
