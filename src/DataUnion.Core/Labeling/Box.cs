namespace DataUnion.Core.Labeling;

/// <summary>
/// An axis-aligned box in image pixels: <c>[x, y, width, height]</c> with the origin at the
/// image's top-left corner (the COCO convention).
/// </summary>
/// <param name="X">Left edge, pixels.</param>
/// <param name="Y">Top edge, pixels.</param>
/// <param name="Width">Width, pixels, positive.</param>
/// <param name="Height">Height, pixels, positive.</param>
public readonly record struct Box(double X, double Y, double Width, double Height)
{
    /// <summary>Right edge.</summary>
    public double Right => X + Width;

    /// <summary>Bottom edge.</summary>
    public double Bottom => Y + Height;

    /// <summary>Area in square pixels.</summary>
    public double Area => Width * Height;

    /// <summary>Intersection over union with <paramref name="other"/>: 0 when they do not overlap, 1 when equal.</summary>
    public double IoU(in Box other)
    {
        var w = Math.Min(Right, other.Right) - Math.Max(X, other.X);
        var h = Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y);
        if (w <= 0 || h <= 0)
        {
            return 0;
        }

        var intersection = w * h;
        return intersection / (Area + other.Area - intersection);
    }

    /// <summary>
    /// Null when the box is a usable box inside a <paramref name="imageWidth"/> × <paramref name="imageHeight"/>
    /// image, else what is wrong with it.
    /// </summary>
    public string? Problem(double imageWidth, double imageHeight)
    {
        if (!double.IsFinite(X) || !double.IsFinite(Y) || !double.IsFinite(Width) || !double.IsFinite(Height))
        {
            return $"box {this} has a coordinate that is not a finite number";
        }

        if (Width <= 0 || Height <= 0)
        {
            return $"box {this} has zero or negative size";
        }

        if (X < 0 || Y < 0 || Right > imageWidth || Bottom > imageHeight)
        {
            return $"box {this} lies outside the {imageWidth}×{imageHeight} image";
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"[{X:0.##}, {Y:0.##}, {Width:0.##}, {Height:0.##}]");
}
