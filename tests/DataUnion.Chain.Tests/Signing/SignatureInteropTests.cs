using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Signing;
using DataUnion.Chain.Wallets;
using DataUnion.Core.Deployment;
using DataUnion.Testing;
using Nethereum.Signer;
using Nethereum.Web3;

namespace DataUnion.Chain.Tests.Signing;

/// <summary>
/// EIP-191, EIP-712 and EIP-4361 against the npm packages ethers and siwe, both directions, and
/// the claim digest against the deployed contract.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class SignatureInteropTests(HardhatChainFixture chain) : IDisposable
{
    private const string Key = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    private static readonly EthECKey Signer = new(Key);
    private readonly TempDirectory _directory = new();

    private async Task<JsonElement> ReferenceAsync(string command, object request)
    {
        var file = _directory.Combine($"{command}-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(request));
        var output = await NodeJs.RunAsync("tests/reference/signatures.mjs", TimeSpan.FromMinutes(1), command, file);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    [Fact]
    public async Task PersonalSign_CSharpAndEthers_VerifyEachOther()
    {
        const string message = "DataUnion: I consent to contribute image bafk… under licence v1.\nLine two, ünïcode.";
        var ours = PersonalSign.Sign(message, Signer);
        var theirs = await ReferenceAsync("personal-sign", new { key = Key, message });
        var recoveredByEthers = await ReferenceAsync("personal-recover", new { message, signature = ours });

        Assert.Equal(Signer.GetPublicAddress(), recoveredByEthers.GetProperty("address").GetString());
        Assert.Equal(Signer.GetPublicAddress(), PersonalSign.Recover(message, theirs.GetProperty("signature").GetString()!));
        Assert.Equal(ours, theirs.GetProperty("signature").GetString());
    }

    [Fact]
    public async Task ClaimDigest_CSharpEthersAndTheContract_Agree_AndSignaturesCross()
    {
        var record = DeploymentRecordParser.Parse(await File.ReadAllTextAsync(chain.DeploymentRecordPath));
        var market = record.GetContract("DatasetMarket").Address;
        var claim = new ClaimRequest(Signer.GetPublicAddress(), "0x000000000000000000000000000000000000bEEF", [1, 7, BigInteger.Pow(2, 200)], 3, 1_900_000_000);
        var web3 = new Web3(chain.RpcUrl);

        var ours = ClaimAuthorizationSigner.Digest(chain.ChainId, market, claim);
        var onChain = await web3.Eth.GetContractQueryHandler<ClaimDigestFunction>().QueryAsync<byte[]>(market, new ClaimDigestFunction
        {
            Account = claim.Account,
            Recipient = claim.Recipient,
            VersionIds = [.. claim.VersionIds],
            NonceValue = claim.Nonce,
            Deadline = claim.Deadline,
        });
        var ethers = await ReferenceAsync("claim", new
        {
            key = Key,
            chainId = chain.ChainId,
            market,
            claim = new { account = claim.Account, recipient = claim.Recipient, versionIds = claim.VersionIds.Select(v => v.ToString()).ToArray(), nonce = "3", deadline = "1900000000" },
        });

        Assert.Equal(onChain, ours);
        Assert.Equal("0x" + Convert.ToHexString(ours).ToLowerInvariant(), ethers.GetProperty("digest").GetString());
        Assert.Equal(claim.Account, ClaimAuthorizationSigner.Recover(chain.ChainId, market, claim, ethers.GetProperty("signature").GetString()!));
        Assert.Equal(ethers.GetProperty("signature").GetString(), ClaimAuthorizationSigner.Sign(chain.ChainId, market, claim, Signer));
    }

    [Fact]
    public async Task Siwe_MessageMadeBySiweAndSignedByEthers_VerifiesInCSharp()
    {
        var signed = await ReferenceAsync("siwe-sign", new
        {
            key = Key,
            fields = new
            {
                domain = "node.example.org:5080",
                statement = "Sign in to the DataUnion node.",
                uri = "https://node.example.org:5080/api/v1/session",
                version = "1",
                chainId = 31337,
                nonce = "k3j4h5g6f7d8",
                issuedAt = "2026-11-25T10:00:00.000Z",
                expirationTime = "2026-11-25T10:10:00.000Z",
                resources = new[] { "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi" },
            },
        });
        var text = signed.GetProperty("message").GetString()!;

        var message = SiweVerifier.Verify(text, signed.GetProperty("signature").GetString()!, "node.example.org:5080", "k3j4h5g6f7d8", 31337,
            DateTimeOffset.Parse("2026-11-25T10:05:00Z", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(Signer.GetPublicAddress(), message.Address);
        Assert.Equal("Sign in to the DataUnion node.", message.Statement);
        Assert.Equal(text, message.ToString());
    }

    [Theory]
    [InlineData("Sign in to the DataUnion node.")]
    [InlineData(null)]
    public async Task Siwe_MessageMadeAndSignedInCSharp_VerifiesWithSiwe(string? statement)
    {
        var message = new SiweMessage("node.example.org", Signer.GetPublicAddress(), statement, "https://node.example.org/login", 31337,
            "abcdef123456", DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            ExpirationTime: DateTimeOffset.Parse("2026-11-25T11:00:00Z", System.Globalization.CultureInfo.InvariantCulture), RequestId: "req-1");
        var text = message.ToString();
        var signature = PersonalSign.Sign(text, Signer);

        var verdict = await ReferenceAsync("siwe-verify", new { message = text, signature, domain = "node.example.org", nonce = "abcdef123456", time = "2026-11-25T10:30:00.000Z" });
        var wrongNonce = await ReferenceAsync("siwe-verify", new { message = text, signature, domain = "node.example.org", nonce = "zzzzzzzz1234", time = "2026-11-25T10:30:00.000Z" });

        Assert.True(verdict.GetProperty("success").GetBoolean(), verdict.ToString());
        Assert.Equal(Signer.GetPublicAddress(), verdict.GetProperty("address").GetString());
        Assert.False(wrongNonce.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task OperatorKeystore_OpensWithEthers()
    {
        var keystore = _directory.Combine("keystore");
        var address = OperatorWallet.ImportPrivateKey(keystore, Key, "a long password", scryptN: 4096);

        var opened = await ReferenceAsync("keystore-decrypt", new { json = await File.ReadAllTextAsync(OperatorWallet.PathIn(keystore)), password = "a long password" });

        Assert.Equal(address, opened.GetProperty("address").GetString());
    }

    public void Dispose() => _directory.Dispose();
}
