namespace DataUnion.Core.Fairness;

/// <summary>A box as COCO writes it: left, top, width and height, in pixels.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width (≥ 0).</param>
/// <param name="Height">Height (≥ 0).</param>
public readonly record struct CocoBox(double X, double Y, double Width, double Height)
{
    /// <summary>The largest area COCO's evaluation counts (its "all" range ends at 1e5² px²).</summary>
    public const double MaxArea = 1e10;

    /// <summary>Width × height, in px², as COCO computes a result's area.</summary>
    public double Area => Width * Height;

    /// <summary>
    /// Intersection over union of a detection with a truth box, with the same operations in the same
    /// order as COCO's reference evaluation, so that an IoU exactly at a threshold falls on the same
    /// side of it.
    /// </summary>
    public static double IoU(in CocoBox detection, in CocoBox truth)
    {
        var w = Math.Min(detection.Width + detection.X, truth.Width + truth.X) - Math.Max(detection.X, truth.X);
        if (w <= 0)
        {
            return 0;
        }

        var h = Math.Min(detection.Height + detection.Y, truth.Height + truth.Y) - Math.Max(detection.Y, truth.Y);
        if (h <= 0)
        {
            return 0;
        }

        var intersection = w * h;
        return intersection / ((detection.Width * detection.Height) + (truth.Width * truth.Height) - intersection);
    }
}
