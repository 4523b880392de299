using System.Numerics;
using System.Text.Json.Nodes;
using Nethereum.ABI.EIP712;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using Nethereum.Util;

namespace DataUnion.Chain.Signing;

/// <summary>
/// The contributor's consent as EIP-712 typed data: the typed <c>Consent</c> of contracts/README.md
/// under the domain ("DataUnion Consent", "1", chain id, market). Its digest is the
/// <c>consentHash</c> of the image's leaf in every version, so an auditor can check a consent
/// from the manifest alone.
/// </summary>
public static class ConsentSigner
{
    /// <summary>The EIP-712 domain name of consents.</summary>
    public const string DomainName = "DataUnion Consent";

    /// <summary>The EIP-712 domain version of consents.</summary>
    public const string DomainVersion = "1";

    /// <summary>The primary type's signature, as its type hash is computed.</summary>
    public const string TypeSignature = "Consent(address contributor,bytes32 image,string dataset,string licence,bytes32 licenceHash,bytes32 attributesHash,uint256 deadline)";

    /// <summary>The 32-byte digest the contributor signs: the image leaf's <c>consentHash</c>.</summary>
    public static byte[] Digest(long chainId, string market, Consent consent) =>
        Sha3Keccack.Current.CalculateHash(Eip712TypedDataSigner.Current.EncodeTypedData(Message(consent), TypedData(chainId, market)));

    /// <summary>Signs <paramref name="consent"/> as a wallet's <c>eth_signTypedData_v4</c> would; 0x hex of 65 bytes.</summary>
    public static string Sign(long chainId, string market, Consent consent, EthECKey key) =>
        Eip712TypedDataSigner.Current.SignTypedDataV4(Message(consent), TypedData(chainId, market), key);

    /// <summary>The checksummed address whose key made <paramref name="signature"/> over the consent's digest.</summary>
    /// <exception cref="SignatureException">The signature is malformed or names no signer.</exception>
    public static string Recover(long chainId, string market, Consent consent, string signature)
    {
        PersonalSign.CheckShape(signature);
        try
        {
            return AddressUtil.Current.ConvertToChecksumAddress(
                Eip712TypedDataSigner.Current.RecoverFromSignatureV4(Message(consent), TypedData(chainId, market), signature));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not SignatureException)
        {
            throw new SignatureException($"the signature does not recover to any address: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The typed data as JSON, the parameter of <c>eth_signTypedData_v4</c> (types with
    /// <c>EIP712Domain</c>, primaryType, domain, message): what a wallet shows and signs.
    /// </summary>
    public static JsonObject ToJson(long chainId, string market, Consent consent)
    {
        ArgumentNullException.ThrowIfNull(consent);
        static JsonObject Field(string name, string type) => new() { ["name"] = name, ["type"] = type };
        return new JsonObject
        {
            ["types"] = new JsonObject
            {
                ["EIP712Domain"] = new JsonArray(Field("name", "string"), Field("version", "string"), Field("chainId", "uint256"), Field("verifyingContract", "address")),
                ["Consent"] = new JsonArray(
                    Field("contributor", "address"), Field("image", "bytes32"), Field("dataset", "string"), Field("licence", "string"),
                    Field("licenceHash", "bytes32"), Field("attributesHash", "bytes32"), Field("deadline", "uint256")),
            },
            ["primaryType"] = "Consent",
            ["domain"] = new JsonObject
            {
                ["name"] = DomainName,
                ["version"] = DomainVersion,
                ["chainId"] = chainId,
                ["verifyingContract"] = AddressUtil.Current.ConvertToChecksumAddress(market),
            },
            ["message"] = new JsonObject
            {
                ["contributor"] = AddressUtil.Current.ConvertToChecksumAddress(consent.Contributor),
                ["image"] = Hex(consent.Image),
                ["dataset"] = consent.Dataset,
                ["licence"] = consent.Licence,
                ["licenceHash"] = Hex(consent.LicenceHash),
                ["attributesHash"] = Hex(consent.AttributesHash),
                ["deadline"] = consent.Deadline.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
    }

    /// <summary>keccak256 of <paramref name="text"/>'s UTF-8 bytes, as <c>licenceHash</c> and <c>attributesHash</c> are made.</summary>
    public static byte[] Keccak(string text) => Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes(text));

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);

    private static ConsentMessage Message(Consent consent)
    {
        ArgumentNullException.ThrowIfNull(consent);
        foreach (var (name, value) in new[] { ("image", consent.Image), ("licenceHash", consent.LicenceHash), ("attributesHash", consent.AttributesHash) })
        {
            if (value is not { Length: 32 })
            {
                throw new ArgumentException($"the consent's {name} is 32 bytes", nameof(consent));
            }
        }

        return new ConsentMessage
        {
            Contributor = consent.Contributor,
            Image = consent.Image,
            Dataset = consent.Dataset,
            Licence = consent.Licence,
            LicenceHash = consent.LicenceHash,
            AttributesHash = consent.AttributesHash,
            Deadline = consent.Deadline,
        };
    }

    private static TypedData<Domain> TypedData(long chainId, string market) => new()
    {
        Domain = new Domain { Name = DomainName, Version = DomainVersion, ChainId = chainId, VerifyingContract = market },
        Types = MemberDescriptionFactory.GetTypesMemberDescription(typeof(Domain), typeof(ConsentMessage)),
        PrimaryType = "Consent",
    };

    /// <summary>The typed struct, field for field as <see cref="TypeSignature"/>.</summary>
    [Struct("Consent")]
    internal sealed class ConsentMessage
    {
        [Parameter("address", "contributor", 1)]
        public string Contributor { get; set; } = string.Empty;

        [Parameter("bytes32", "image", 2)]
        public byte[] Image { get; set; } = [];

        [Parameter("string", "dataset", 3)]
        public string Dataset { get; set; } = string.Empty;

        [Parameter("string", "licence", 4)]
        public string Licence { get; set; } = string.Empty;

        [Parameter("bytes32", "licenceHash", 5)]
        public byte[] LicenceHash { get; set; } = [];

        [Parameter("bytes32", "attributesHash", 6)]
        public byte[] AttributesHash { get; set; } = [];

        [Parameter("uint256", "deadline", 7)]
        public BigInteger Deadline { get; set; }
    }
}

/// <summary>What a contributor agrees to: <paramref name="Image"/> in the union's dataset <paramref name="Dataset"/> under <paramref name="Licence"/>.</summary>
/// <param name="Contributor">The contributor's wallet (the signer, or the ERC-1271 contract wallet that validates the signature).</param>
/// <param name="Image">The sha2-256 digest inside the image's root CID (32 bytes).</param>
/// <param name="Dataset">The labeling domain the image is contributed to.</param>
/// <param name="Licence">The licence's id.</param>
/// <param name="LicenceHash">keccak256 of the licence's full text.</param>
/// <param name="AttributesHash">keccak256 of the canonical self-declared attributes, or 32 zero bytes when none were given.</param>
/// <param name="Deadline">Last second (Unix time) at which the node accepts the signature.</param>
public sealed record Consent(string Contributor, byte[] Image, string Dataset, string Licence, byte[] LicenceHash, byte[] AttributesHash, BigInteger Deadline);
