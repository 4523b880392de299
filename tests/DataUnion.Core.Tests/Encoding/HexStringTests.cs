using DataUnion.Core.Encoding;

namespace DataUnion.Core.Tests.Encoding;

public class HexStringTests
{
    [Theory]
    [InlineData("0x5FbDB2315678afecb367f032d93F642f64180aa3", 20)]
    [InlineData("0x", 0)]
    [InlineData("0xabcdef", 3)]
    public void IsPrefixedHex_WellFormed_ReturnsTrue(string value, int bytes) => Assert.True(HexString.IsPrefixedHex(value, bytes));

    [Theory]
    [InlineData(null, 20)]
    [InlineData("5FbDB2315678afecb367f032d93F642f64180aa3", 20)]
    [InlineData("0x5FbDB2315678afecb367f032d93F642f64180aa", 20)]
    [InlineData("0x5FbDB2315678afecb367f032d93F642f64180aa3ff", 20)]
    [InlineData("0xZZbDB2315678afecb367f032d93F642f64180aa3", 20)]
    [InlineData("0X5FbDB2315678afecb367f032d93F642f64180aa3", 20)]
    public void IsPrefixedHex_Malformed_ReturnsFalse(string? value, int bytes) => Assert.False(HexString.IsPrefixedHex(value, bytes));

    [Fact]
    public void IsPrefixedHex_NegativeLength_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HexString.IsPrefixedHex("0x", -1));
}
