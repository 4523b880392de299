using DataUnion.Core.Content;

namespace DataUnion.Core.Tests.Content;

public class VarintTests
{
    [Theory]
    [InlineData(0UL, new byte[] { 0x00 })]
    [InlineData(1UL, new byte[] { 0x01 })]
    [InlineData(127UL, new byte[] { 0x7f })]
    [InlineData(128UL, new byte[] { 0x80, 0x01 })]
    [InlineData(255UL, new byte[] { 0xff, 0x01 })]
    [InlineData(300UL, new byte[] { 0xac, 0x02 })]
    [InlineData(16384UL, new byte[] { 0x80, 0x80, 0x01 })]
    public void WriteAndRead_SpecVectors_RoundTrip(ulong value, byte[] encoded)
    {
        var buffer = new byte[Varint.MaxLength];
        var written = Varint.Write(value, buffer);

        Assert.Equal(encoded, buffer[..written]);
        Assert.Equal(encoded.Length, Varint.SizeOf(value));
        Assert.True(Varint.TryRead(encoded, out var read, out var length));
        Assert.Equal(value, read);
        Assert.Equal(encoded.Length, length);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x80 })]
    [InlineData(new byte[] { 0x81, 0x00 })]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 })]
    public void TryRead_TruncatedNonMinimalOrTooLong_IsRejected(byte[] encoded) =>
        Assert.False(Varint.TryRead(encoded, out _, out _));
}
