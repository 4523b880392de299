using DataUnion.Core.Content;

namespace DataUnion.Core.Tests.Content;

public class CidTests
{
    [Theory]
    [InlineData("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", 0, Multicodec.DagPb)]
    [InlineData("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", 1, Multicodec.Raw)]
    [InlineData("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi", 1, Multicodec.DagPb)]
    [InlineData("bafkqaaa", 1, Multicodec.Raw)]
    public void Parse_CanonicalText_PrintsTheSameText(string text, int version, ulong codec)
    {
        var cid = Cid.Parse(text);

        Assert.Equal(version, cid.Version);
        Assert.Equal(codec, cid.Codec);
        Assert.Equal(text, cid.ToString());
    }

    [Fact]
    public void Parse_InlineIdentityCid_HasEmptyIdentityDigest()
    {
        var cid = Cid.Parse("bafkqaaa");

        Assert.Equal(Multicodec.Identity, cid.Hash.Code);
        Assert.True(cid.Hash.Digest.IsEmpty);
        Assert.True(cid.Hash.Matches([]));
    }

    [Fact]
    public void ToV1_CidV0_KeepsTheMultihash()
    {
        var v0 = Cid.Parse("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");

        var v1 = v0.ToV1();

        Assert.Equal(1, v1.Version);
        Assert.Equal(Multicodec.DagPb, v1.Codec);
        Assert.Equal(v0.Hash, v1.Hash);
        Assert.Equal("bafybeif7ztnhq65lumvvtr4ekcwd2ifwgm3awq4zfr3srh462rwyinlb4y", v1.ToString());
    }

    [Fact]
    public void Parse_Base58AndUppercaseBase32Forms_EqualTheCanonicalCid()
    {
        var canonical = Cid.Parse("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");

        var upper = Cid.Parse("B" + canonical.ToString()[1..].ToUpperInvariant());
        var base58 = Cid.Parse("z" + Base58Btc.Encode(canonical.Bytes));

        Assert.Equal(canonical, upper);
        Assert.Equal(canonical, base58);
        Assert.Equal(canonical.GetHashCode(), base58.GetHashCode());
    }

    [Fact]
    public void Read_BinaryForm_RoundTripsBothVersions()
    {
        foreach (var text in new[] { "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e" })
        {
            var cid = Cid.Parse(text);
            var bytes = cid.Bytes.ToArray().Concat(new byte[] { 0xAA }).ToArray();

            var read = Cid.Read(bytes, out var length);

            Assert.Equal(cid, read);
            Assert.Equal(bytes.Length - 1, length);
        }
    }

    [Fact]
    public void Sha256_HelloWorld_IsTheRawCidKuboPrints()
    {
        var cid = Cid.V1(Multicodec.Raw, Multihash.Sha256(System.Text.Encoding.ASCII.GetBytes("hello world")));

        Assert.Equal("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", cid.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Qm", "multibase prefix 'Q'")]
    [InlineData("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQ0", "not a base58btc character")]
    [InlineData("Qmt3JjutyA5T3n8hFa3Haw46VtB2Uq4JkvP8p6ifpPxzaL", "32-byte digest, this one says 33")]
    [InlineData("mAXASIA", "multibase prefix 'm'")]
    [InlineData("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n", "truncated")]
    [InlineData("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5", "non-zero trailing bits")]
    [InlineData("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5eaa", "after the CID")]
    [InlineData("bankreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", "CID version 3")]
    [InlineData("bagaaa", "codec is not a valid varint")]
    [InlineData("bafkrsaaa", "unsupported multihash function")]
    [InlineData("b!!!", "not a base32 character")]
    public void Parse_MalformedText_SaysWhatIsWrong(string text, string expected)
    {
        var error = Assert.Throws<CidFormatException>(() => Cid.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HugeInput_IsRefusedBeforeDecoding()
    {
        var error = Assert.Throws<CidFormatException>(() => Cid.Parse("b" + new string('a', 10_000)));

        Assert.Contains("at most 512", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Malformed_ReturnsFalseWithReason()
    {
        Assert.False(Cid.TryParse("zzz", out var cid, out var error));
        Assert.Null(cid);
        Assert.NotNull(error);
        Assert.True(Cid.TryParse("bafkqaaa", out cid, out error));
        Assert.NotNull(cid);
        Assert.Null(error);
    }
}
