using DataUnion.Core.Hashing;

namespace DataUnion.Core.Tests.Hashing;

/// <summary>Keccak-256 against published vectors (Ethereum's keccak256, not SHA3-256).</summary>
public sealed class Keccak256Tests
{
    [Theory]
    [InlineData("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    [InlineData("The quick brown fox jumps over the lazy dog", "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15")]
    public void Hash_KnownInputs_GiveThePublishedDigests(string input, string expected)
    {
        Assert.Equal(expected, Convert.ToHexStringLower(Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(input))));
    }

    [Fact]
    public void Hash_DestinationShorterThan32Bytes_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Keccak256.Hash([1, 2, 3], new byte[31]));
    }
}
