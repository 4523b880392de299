namespace DataUnion.Core.Labeling;

/// <summary>A box with the class a labeler gave it.</summary>
/// <param name="Label">Class name, one of the domain's.</param>
/// <param name="Box">Where, in pixels.</param>
public readonly record struct LabeledBox(string Label, Box Box);
