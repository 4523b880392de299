namespace DataUnion.Core.Labeling;

/// <summary>
/// One number per side of a box, in the order left, top, right, bottom: how a labeler's edges
/// stray from the object's, as a fraction of the object's width (left, right) or height (top, bottom).
/// </summary>
/// <param name="Left">Left edge.</param>
/// <param name="Top">Top edge.</param>
/// <param name="Right">Right edge.</param>
/// <param name="Bottom">Bottom edge.</param>
public readonly record struct BoxSides(double Left, double Top, double Right, double Bottom)
{
    /// <summary>The four sides.</summary>
    public const int Count = 4;

    /// <summary>The same number on every side.</summary>
    public static BoxSides All(double value) => new(value, value, value, value);

    /// <summary>Side <paramref name="side"/>: 0 left, 1 top, 2 right, 3 bottom.</summary>
    public double this[int side] => side switch
    {
        0 => Left,
        1 => Top,
        2 => Right,
        3 => Bottom,
        _ => throw new ArgumentOutOfRangeException(nameof(side), side, "a box has sides 0 to 3"),
    };

    /// <summary>The mean over the four sides.</summary>
    public double Mean => (Left + Top + Right + Bottom) / Count;

    /// <summary>The sides from four numbers in the order left, top, right, bottom.</summary>
    public static BoxSides From(ReadOnlySpan<double> sides) => new(sides[0], sides[1], sides[2], sides[3]);

    /// <summary>Edge <paramref name="side"/> of <paramref name="box"/>, in pixels.</summary>
    public static double EdgeOf(in Box box, int side) => side switch
    {
        0 => box.X,
        1 => box.Y,
        2 => box.Right,
        _ => box.Bottom,
    };

    /// <summary>The size that side <paramref name="side"/> of <paramref name="box"/> is measured against: its width or its height.</summary>
    public static double ScaleOf(in Box box, int side) => side is 0 or 2 ? box.Width : box.Height;
}
