using System.Globalization;
using DataUnion.Chain.Signing;
using Nethereum.Signer;

namespace DataUnion.Chain.Tests.Signing;

/// <summary>Every check of a Sign-In with Ethereum verification fails with its own message.</summary>
public sealed class SiweVerifierTests
{
    private static readonly EthECKey Signer = new("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
    private static readonly DateTimeOffset Issued = DateTimeOffset.Parse("2026-11-25T10:00:00Z", CultureInfo.InvariantCulture);

    private static SiweMessage Message() => new("node.example.org", Signer.GetPublicAddress(), "Sign in.", "https://node.example.org/login", 1,
        "nonce12345", Issued, ExpirationTime: Issued.AddMinutes(10), NotBefore: Issued);

    private static (string Text, string Signature) Signed(SiweMessage message)
    {
        var text = message.ToString();
        return (text, PersonalSign.Sign(text, Signer));
    }

    public static TheoryData<string, string, string, long, int, string> Failures => new()
    {
        { "tamper", "node.example.org", "nonce12345", 1, 5, "the signature is by" },
        { "", "evil.example.org", "nonce12345", 1, 5, "domain 'node.example.org', not 'evil.example.org'" },
        { "", "node.example.org", "othernonce1", 1, 5, "nonce is not the one this server issued" },
        { "", "node.example.org", "nonce12345", 5, 5, "for chain 1, not chain 5" },
        { "", "node.example.org", "nonce12345", 1, 11, "expired at" },
        { "", "node.example.org", "nonce12345", 1, -5, "issued in the future" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Verify_FailedCheck_NamesIt(string change, string domain, string nonce, long chainId, int minutesLater, string expected)
    {
        var (text, signature) = Signed(Message());
        if (change == "tamper")
        {
            text = text.Replace("Sign in.", "Sign in!", StringComparison.Ordinal);
        }

        var error = Assert.Throws<SignatureException>(() => SiweVerifier.Verify(text, signature, domain, nonce, chainId, Issued.AddMinutes(minutesLater)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AllRight_ReturnsTheMessage()
    {
        var (text, signature) = Signed(Message());

        Assert.Equal(Message(), SiweVerifier.Verify(text, signature, "node.example.org", "nonce12345", 1, Issued.AddMinutes(5)) with { Resources = null });
    }

    [Theory]
    [InlineData("node.example.org wants you to sign in with your account:\n", "line 1 must end with")]
    [InlineData("VERSION", "only Version: 1")]
    [InlineData("ADDRESS", "not an EIP-55 checksummed address")]
    [InlineData("NONCE", "at least 8 letters or digits")]
    [InlineData("EXTRA", "is not a field this message format allows here")]
    public void Parse_Malformed_SaysWhichPart(string damage, string expected)
    {
        var text = Message().ToString();
        text = damage switch
        {
            "VERSION" => text.Replace("Version: 1", "Version: 2", StringComparison.Ordinal),
            "ADDRESS" => text.Replace(Signer.GetPublicAddress(), Signer.GetPublicAddress().ToLowerInvariant(), StringComparison.Ordinal),
            "NONCE" => text.Replace("nonce12345", "short", StringComparison.Ordinal),
            "EXTRA" => text + "\nSurprise: field",
            _ => damage + text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..],
        };

        var error = Assert.Throws<SignatureException>(() => SiweMessage.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0x1234", "65 bytes")]
    [InlineData("zz", "65 bytes")]
    public void Recover_MalformedSignature_SaysSo(string signature, string expected)
    {
        Assert.Contains(expected, Assert.Throws<SignatureException>(() => PersonalSign.Recover("hi", signature)).Message, StringComparison.Ordinal);
    }
}
