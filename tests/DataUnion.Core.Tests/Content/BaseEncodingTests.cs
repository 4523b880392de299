using DataUnion.Core.Content;

namespace DataUnion.Core.Tests.Content;

public class BaseEncodingTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "my")]
    [InlineData("fo", "mzxq")]
    [InlineData("foo", "mzxw6")]
    [InlineData("foob", "mzxw6yq")]
    [InlineData("fooba", "mzxw6ytb")]
    [InlineData("foobar", "mzxw6ytboi")]
    public void Base32_Rfc4648Vectors_RoundTrip(string plain, string encoded)
    {
        Assert.Equal(encoded, Base32Lower.Encode(System.Text.Encoding.ASCII.GetBytes(plain)));
        Assert.Equal(plain, System.Text.Encoding.ASCII.GetString(Base32Lower.Decode(encoded)));
        Assert.Equal(plain, System.Text.Encoding.ASCII.GetString(Base32Lower.Decode(encoded.ToUpperInvariant())));
    }

    [Theory]
    [InlineData("mzxw1")]
    [InlineData("mz")]
    public void Base32_InvalidText_Throws(string text) => Assert.Throws<CidFormatException>(() => Base32Lower.Decode(text));

    [Theory]
    [InlineData(new byte[] { }, "")]
    [InlineData(new byte[] { 0 }, "1")]
    [InlineData(new byte[] { 0, 0, 1 }, "112")]
    [InlineData(new byte[] { 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x20, 0x77, 0x6f, 0x72, 0x6c, 0x64 }, "StV1DL6CwTryKyV")]
    public void Base58_Vectors_RoundTrip(byte[] data, string encoded)
    {
        Assert.Equal(encoded, Base58Btc.Encode(data));
        Assert.Equal(data, Base58Btc.Decode(encoded));
    }

    [Theory]
    [InlineData("0OIl")]
    [InlineData("abc!")]
    [InlineData("é")]
    public void Base58_CharacterOutsideAlphabet_Throws(string text) => Assert.Throws<CidFormatException>(() => Base58Btc.Decode(text));

    [Fact]
    public void Base58_RandomBytes_RoundTrip()
    {
        var random = new Random(58);
        for (var i = 0; i < 200; i++)
        {
            var data = new byte[random.Next(0, 300)];
            random.NextBytes(data);
            if (data.Length > 0 && random.Next(4) == 0)
            {
                data[0] = 0;
            }

            Assert.Equal(data, Base58Btc.Decode(Base58Btc.Encode(data)));
        }
    }
}
