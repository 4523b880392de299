using System.Numerics;
using Nethereum.ABI.EIP712;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using Nethereum.Util;

namespace DataUnion.Chain.Signing;

/// <summary>
/// EIP-712 signatures for <c>DatasetMarket.claimWithSig</c>: the typed <c>Claim</c> of
/// contracts/README.md under the domain ("DataUnion DatasetMarket", "1", chain id, market).
/// </summary>
public static class ClaimAuthorizationSigner
{
    /// <summary>The EIP-712 domain name the market uses.</summary>
    public const string DomainName = "DataUnion DatasetMarket";

    /// <summary>The EIP-712 domain version the market uses.</summary>
    public const string DomainVersion = "1";

    /// <summary>The 32-byte digest the account signs (what the contract's <c>claimDigest</c> returns).</summary>
    public static byte[] Digest(long chainId, string market, ClaimRequest claim) =>
        Sha3Keccack.Current.CalculateHash(Eip712TypedDataSigner.Current.EncodeTypedData(Message(claim), TypedData(chainId, market)));

    /// <summary>Signs <paramref name="claim"/>; returns the 65-byte signature as 0x hex.</summary>
    public static string Sign(long chainId, string market, ClaimRequest claim, EthECKey key) =>
        Eip712TypedDataSigner.Current.SignTypedDataV4(Message(claim), TypedData(chainId, market), key);

    /// <summary>The checksummed address that signed <paramref name="claim"/>.</summary>
    public static string Recover(long chainId, string market, ClaimRequest claim, string signature)
    {
        PersonalSign.CheckShape(signature);
        return AddressUtil.Current.ConvertToChecksumAddress(
            Eip712TypedDataSigner.Current.RecoverFromSignatureV4(Message(claim), TypedData(chainId, market), signature));
    }

    private static ClaimMessage Message(ClaimRequest claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var packed = claim.VersionIds.SelectMany(id => id.ToByteArray(isUnsigned: true, isBigEndian: true) is var b && b.Length <= 32
            ? new byte[32 - b.Length].Concat(b)
            : throw new ArgumentOutOfRangeException(nameof(claim), "a version id does not fit uint256")).ToArray();
        return new ClaimMessage
        {
            Account = claim.Account,
            Recipient = claim.Recipient,
            VersionsHash = Sha3Keccack.Current.CalculateHash(packed),
            Nonce = claim.Nonce,
            Deadline = claim.Deadline,
        };
    }

    private static TypedData<Domain> TypedData(long chainId, string market) => new()
    {
        Domain = new Domain { Name = DomainName, Version = DomainVersion, ChainId = chainId, VerifyingContract = market },
        Types = MemberDescriptionFactory.GetTypesMemberDescription(typeof(Domain), typeof(ClaimMessage)),
        PrimaryType = "Claim",
    };

    /// <summary>The typed struct, field for field as the contract's CLAIM_TYPEHASH.</summary>
    [Struct("Claim")]
    internal sealed class ClaimMessage
    {
        [Parameter("address", "account", 1)]
        public string Account { get; set; } = string.Empty;

        [Parameter("address", "recipient", 2)]
        public string Recipient { get; set; } = string.Empty;

        [Parameter("bytes32", "versionsHash", 3)]
        public byte[] VersionsHash { get; set; } = [];

        [Parameter("uint256", "nonce", 4)]
        public BigInteger Nonce { get; set; }

        [Parameter("uint256", "deadline", 5)]
        public BigInteger Deadline { get; set; }
    }
}

/// <summary>What a co-owner authorizes: its claims on <paramref name="VersionIds"/> paid to <paramref name="Recipient"/>.</summary>
/// <param name="Account">The co-owner (signer).</param>
/// <param name="Recipient">Receives the funds.</param>
/// <param name="VersionIds">The versions, in the order passed to the contract.</param>
/// <param name="Nonce">The account's current nonce on the market.</param>
/// <param name="Deadline">Last valid second (Unix time).</param>
public sealed record ClaimRequest(string Account, string Recipient, IReadOnlyList<BigInteger> VersionIds, BigInteger Nonce, BigInteger Deadline);
