using System.Numerics;
using DataUnion.Chain.Signing;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using Nethereum.Util;

namespace DataUnion.Chain.Tests.Signing;

/// <summary>The consent's typed data: one digest whether built from the struct or from the JSON a wallet signs.</summary>
public sealed class ConsentSignerTests
{
    private static readonly EthECKey Key = new("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    private const string Market = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

    private static Consent Sample(string? dataset = null) => new(
        Key.GetPublicAddress(), Sha3Keccack.Current.CalculateHash("image"u8.ToArray()), dataset ?? "faces", "DataUnion-Contributor-1.0",
        ConsentSigner.Keccak("licence text"), new byte[32], new BigInteger(1_900_000_000));

    [Fact]
    public void Digest_OfTheStruct_IsTheDigestOfItsJson_AndTheJsonsSignatureRecoversTheSigner()
    {
        var json = ConsentSigner.ToJson(31337, Market, Sample()).ToJsonString();

        var fromJson = Sha3Keccack.Current.CalculateHash(Eip712TypedDataSigner.Current.EncodeTypedData(json));
        var signature = Eip712TypedDataSigner.Current.SignTypedDataV4(json, Key);

        Assert.Equal(ConsentSigner.Digest(31337, Market, Sample()), fromJson);
        Assert.Equal(Key.GetPublicAddress(), ConsentSigner.Recover(31337, Market, Sample(), signature));
        Assert.Equal(signature, ConsentSigner.Sign(31337, Market, Sample(), Key));
    }

    [Fact]
    public void Digest_ChangesWithEveryField_AndTheChain()
    {
        var digest = ConsentSigner.Digest(31337, Market, Sample());

        Assert.NotEqual(digest, ConsentSigner.Digest(1, Market, Sample()));
        Assert.NotEqual(digest, ConsentSigner.Digest(31337, Market, Sample("cars")));
        Assert.NotEqual(digest, ConsentSigner.Digest(31337, Market, Sample() with { Deadline = 1 }));
        Assert.NotEqual(digest, ConsentSigner.Digest(31337, Market, Sample() with { AttributesHash = ConsentSigner.Keccak("region=europe") }));
    }

    [Fact]
    public void PersonalSignHash_IsWhatTheKeySigns()
    {
        const string message = "Sign in to contribute photos.";
        var signature = EthECDSASignatureFactory.ExtractECDSASignature(PersonalSign.Sign(message, Key));

        Assert.Equal(Key.GetPublicAddress(), EthECKey.RecoverFromSignature(signature, PersonalSign.Hash(message)).GetPublicAddress());
        Assert.Null(PersonalSign.Bytes("0xzz"));
        Assert.Equal([0x12, 0x34], PersonalSign.Bytes("0x1234"));
    }
}
