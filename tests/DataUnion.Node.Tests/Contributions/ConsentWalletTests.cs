using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataUnion.Chain.Signing;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using static DataUnion.Node.Tests.Contributions.ContributionClient;

namespace DataUnion.Node.Tests.Contributions;

/// <summary>
/// Consent from the wallets members really have: a browser wallet's signatures made with the npm
/// packages <c>siwe</c> and <c>ethers</c>, and an ERC-1271 contract wallet on the chain.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class ConsentWalletTests(HardhatChainFixture chain) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private async Task<JsonElement> ReferenceAsync(string command, object request)
    {
        var file = _directory.Combine($"{command}-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(request));
        return JsonDocument.Parse(await NodeJs.RunAsync("tests/reference/signatures.mjs", TimeSpan.FromMinutes(1), command, file)).RootElement.Clone();
    }

    private static async Task<string> NonceAsync(LabelingNode node)
    {
        using var response = await node.Node.Http.PostAsync(new Uri("/api/v1/auth/nonce", UriKind.Relative), null);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nonce").GetString()!;
    }

    private static async Task<HttpResponseMessage> SignInAsync(LabelingNode node, string message, string signature) =>
        await node.Node.Http.PostAsJsonAsync(new Uri("/api/v1/auth/siwe", UriKind.Relative), new { message, signature });

    [Fact]
    public async Task EthersAndSiwe_SignInAndConsent_AreAcceptedByTheNode_WithTheSameDigest()
    {
        await using var node = await LabelingNode.StartAsync(chain, _directory);
        var key = EthECKey.GenerateKey();
        var now = TimeProvider.System.GetUtcNow();
        var signed = await ReferenceAsync("siwe-sign", new
        {
            key = key.GetPrivateKey(),
            fields = new
            {
                domain = node.Node.Http.BaseAddress!.Authority,
                statement = "Sign in to contribute photos.",
                uri = node.Node.Http.BaseAddress!.ToString(),
                version = "1",
                chainId = chain.ChainId,
                nonce = await NonceAsync(node),
                issuedAt = now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
                expirationTime = now.AddMinutes(10).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            },
        });
        using var signIn = await SignInAsync(node, signed.GetProperty("message").GetString()!, signed.GetProperty("signature").GetString()!);
        var body = await signIn.Content.ReadAsStringAsync();
        Assert.True(signIn.IsSuccessStatusCode, body);
        var session = JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;

        var item = Assert.Single(await UploadedAsync(await UploadAsync(node, session, ("park.jpg", Photo("park")))));
        var ethers = await ReferenceAsync("typed-sign", new { key = key.GetPrivateKey(), typedData = item.GetProperty("consent").GetProperty("typedData") });
        using var consent = await ConsentAsync(node, session, item.GetProperty("cid").GetString()!, ethers.GetProperty("signature").GetString()!);
        var consented = await consent.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        Assert.Equal(item.GetProperty("consent").GetProperty("digest").GetString(), ethers.GetProperty("digest").GetString());
        Assert.Equal(ethers.GetProperty("digest").GetString(), consented.GetProperty("consent").GetProperty("digest").GetString());
        Assert.Equal("in-labeling", consented.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ContractWallet_SignsInAndConsentsThroughErc1271_AndAStrangersKeyIsRefused()
    {
        await using var snapshot = await chain.SnapshotAsync();
        await using var node = await LabelingNode.StartAsync(chain, _directory);
        var owner = EthECKey.GenerateKey();
        var stranger = EthECKey.GenerateKey();
        var wallet = await DeployContractWalletAsync(owner.GetPublicAddress());

        // Sign-In with Ethereum for the contract's address, signed by its owner key (EIP-4361 with ERC-1271).
        var now = TimeProvider.System.GetUtcNow();
        SiweMessage Message(string nonce) => new(
            node.Node.Http.BaseAddress!.Authority, wallet, "Sign in to contribute photos.", node.Node.Http.BaseAddress!.ToString(),
            chain.ChainId, nonce, now, ExpirationTime: now.AddMinutes(10));
        var byStrangerText = Message(await NonceAsync(node)).ToString();
        using var byStranger = await SignInAsync(node, byStrangerText, PersonalSign.Sign(byStrangerText, stranger));
        var text = Message(await NonceAsync(node)).ToString();
        using var signIn = await SignInAsync(node, text, PersonalSign.Sign(text, owner));
        Assert.Equal(HttpStatusCode.Unauthorized, byStranger.StatusCode);
        Assert.True(signIn.StatusCode == HttpStatusCode.OK, await signIn.Content.ReadAsStringAsync());
        var session = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;

        var item = Assert.Single(await UploadedAsync(await UploadAsync(node, session, ("park.jpg", Photo("park")))));
        var cid = item.GetProperty("cid").GetString()!;
        var typedData = item.GetProperty("consent").GetProperty("typedData").GetRawText();
        using var strangers = await ConsentAsync(node, session, cid, Eip712TypedDataSigner.Current.SignTypedDataV4(typedData, stranger));
        using var owners = await ConsentAsync(node, session, cid, Eip712TypedDataSigner.Current.SignTypedDataV4(typedData, owner));
        var consented = await owners.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, strangers.StatusCode);
        Assert.Contains("nor does a contract wallet there accept it", await ProblemAsync(strangers), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, owners.StatusCode);
        Assert.Equal("contract", consented.GetProperty("consent").GetProperty("signer").GetString());
        Assert.Equal("in-labeling", consented.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ContractThatEchoesItsCallData_IsNoWallet_AndCannotSignIn()
    {
        await using var snapshot = await chain.SnapshotAsync();
        await using var node = await LabelingNode.StartAsync(chain, _directory);
        var echo = await DeployAsync("EchoWallet");
        var now = TimeProvider.System.GetUtcNow();
        var text = new SiweMessage(node.Node.Http.BaseAddress!.Authority, echo, "Sign in.", node.Node.Http.BaseAddress!.ToString(),
            chain.ChainId, await NonceAsync(node), now, ExpirationTime: now.AddMinutes(10)).ToString();

        using var signIn = await SignInAsync(node, text, PersonalSign.Sign(text, EthECKey.GenerateKey()));

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
    }

    private async Task<string> DeployContractWalletAsync(string owner) => await DeployAsync("ContractWallet", owner);

    private async Task<string> DeployAsync(string name, params object[] arguments)
    {
        using var artifact = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "artifacts", "contracts", "test", "mocks", "ContractWallet.sol", name + ".json")));
        var web3 = new Web3(new Account(RunningNode.OperatorPrivateKey, chain.ChainId), chain.RpcUrl);
        var receipt = await web3.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(
            artifact.RootElement.GetProperty("abi").GetRawText(),
            artifact.RootElement.GetProperty("bytecode").GetString()!,
            web3.TransactionManager.Account.Address,
            new Nethereum.Hex.HexTypes.HexBigInteger(1_000_000),
            null,
            arguments);
        return Nethereum.Util.AddressUtil.Current.ConvertToChecksumAddress(receipt.ContractAddress);
    }
}
