using DataUnion.Core.Labeling;

namespace DataUnion.Core.Tests.Labeling;

public sealed class BoxTests
{
    [Fact]
    public void IoU_SameBox_IsOne() => Assert.Equal(1, new Box(10, 10, 20, 30).IoU(new Box(10, 10, 20, 30)), 12);

    [Fact]
    public void IoU_HalfShifted_IsOneThird()
    {
        // Overlap 10×10 of two 20×10 boxes: 100 / (200 + 200 - 100).
        Assert.Equal(1.0 / 3, new Box(0, 0, 20, 10).IoU(new Box(10, 0, 20, 10)), 12);
    }

    [Theory]
    [InlineData(20, 0)] // touching edges
    [InlineData(50, 50)] // apart
    public void IoU_NoOverlap_IsZero(double x, double y) => Assert.Equal(0, new Box(0, 0, 20, 10).IoU(new Box(x, y, 5, 5)));

    [Fact]
    public void IoU_ContainedBox_IsAreaRatio() => Assert.Equal(0.25, new Box(0, 0, 20, 20).IoU(new Box(5, 5, 10, 10)), 12);

    [Theory]
    [InlineData(double.NaN, 0, 10, 10, "not a finite number")]
    [InlineData(0, double.PositiveInfinity, 10, 10, "not a finite number")]
    [InlineData(0, 0, 0, 10, "zero or negative size")]
    [InlineData(0, 0, 10, -1, "zero or negative size")]
    [InlineData(-1, 0, 10, 10, "outside the 100×50 image")]
    [InlineData(95, 0, 10, 10, "outside the 100×50 image")]
    [InlineData(0, 45, 10, 10, "outside the 100×50 image")]
    public void Problem_BadBox_SaysWhatIsWrong(double x, double y, double w, double h, string expected)
    {
        Assert.Contains(expected, new Box(x, y, w, h).Problem(100, 50));
    }

    [Fact]
    public void Problem_BoxTouchingTheImageEdges_IsFine() => Assert.Null(new Box(0, 0, 100, 50).Problem(100, 50));
}
