using DataUnion.Core.Hashing;
using Nethereum.Util;

namespace DataUnion.Chain.Tests.Merkle;

/// <summary>The project's Keccak-256 against Nethereum's on every length around the rate's block boundaries.</summary>
public sealed class Keccak256DifferentialTests
{
    [Fact]
    public void Hash_EveryLengthUpTo600Bytes_EqualsNethereums()
    {
        var random = new Random(1600);
        for (var length = 0; length <= 600; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(data)), Convert.ToHexStringLower(Keccak256.Hash(data)));
        }
    }
}
