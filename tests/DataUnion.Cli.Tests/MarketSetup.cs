using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using DataUnion.Core.Deployment;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;
using Nethereum.KeyStore;
using Nethereum.KeyStore.Model;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Token = DataUnion.Chain.Contracts.DataUnionToken;

namespace DataUnion.Cli.Tests;

/// <summary>What the buyer and co-owner command tests set up on the chain: published versions, keystore wallets, ETH and tokens.</summary>
internal static class MarketSetup
{
    public const string Password = "member-password-1";

    /// <summary>Builds and publishes the "faces" domain's version at <paramref name="price"/>; returns its id once it is indexed.</summary>
    public static async Task<long> PublishAsync(LabelingNode node, string price)
    {
        var versionId = await BuildAsync(node, price);
        await PublishDraftAsync(node, versionId);
        return versionId;
    }

    /// <summary>Builds the "faces" domain's draft at <paramref name="price"/>; returns its version id.</summary>
    public static async Task<long> BuildAsync(LabelingNode node, string price)
    {
        using var built = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions", new { domain = "faces", price });
        built.EnsureSuccessStatusCode();
        return (await built.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("versionId").GetInt64();
    }

    /// <summary>Publishes the "faces" draft, version <paramref name="versionId"/>, and waits until it is indexed.</summary>
    public static async Task PublishDraftAsync(LabelingNode node, long versionId)
    {
        using (var publish = await node.OperatorAsync(HttpMethod.Post, "/api/v1/versions/drafts/faces/publish"))
        {
            publish.EnsureSuccessStatusCode();
        }

        await Eventually.TrueAsync(async () =>
        {
            using var response = await node.OperatorAsync(HttpMethod.Get, "/api/v1/versions/built");
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Any(v => v.GetProperty("versionId").GetInt64() == versionId && v.GetProperty("state").GetString() == "published");
        }, TimeSpan.FromSeconds(60), "the version being published");
    }

    /// <summary>Writes <paramref name="key"/> to a keystore file (scrypt kept small so tests are quick).</summary>
    public static string Keystore(TempDirectory directory, EthECKey key, string name)
    {
        var json = new KeyStoreScryptService().EncryptAndGenerateKeyStoreAsJson(Password, key.GetPrivateKeyAsBytes(), key.GetPublicAddress(), new ScryptParams { N = 1024, R = 8, P = 1, Dklen = 32 });
        var file = directory.Combine(name + ".json");
        File.WriteAllText(file, json);
        return file;
    }

    /// <summary>A file holding <see cref="Password"/>.</summary>
    public static string PasswordFile(TempDirectory directory)
    {
        var file = directory.Combine("password");
        File.WriteAllText(file, Password + "\n");
        return file;
    }

    /// <summary>Sends <paramref name="account"/> 1 ETH (when <paramref name="ether"/>) and <paramref name="tokens"/> from the operator.</summary>
    public static async Task FundAsync(HardhatChainFixture chain, EthECKey account, long tokens, bool ether = true)
    {
        var web3 = new Web3(new Account(RunningNode.OperatorPrivateKey, chain.ChainId), chain.RpcUrl);
        if (ether)
        {
            await web3.Eth.GetEtherTransferService().TransferEtherAndWaitForReceiptAsync(account.GetPublicAddress(), 1m);
        }

        if (tokens > 0)
        {
            await web3.Eth.GetContractTransactionHandler<Token.TransferFunction>().SendRequestAndWaitForReceiptAsync(
                await TokenAsync(chain), new Token.TransferFunction { To = account.GetPublicAddress(), Value = tokens });
        }
    }

    public static async Task<BigInteger> BalanceAsync(HardhatChainFixture chain, string account) =>
        await new Web3(chain.RpcUrl).Eth.GetContractQueryHandler<Token.BalanceOfFunction>().QueryAsync<BigInteger>(await TokenAsync(chain), new Token.BalanceOfFunction { Account = account });

    public static async Task<string> TokenAsync(HardhatChainFixture chain) =>
        DeploymentRecordParser.Parse(await File.ReadAllTextAsync(chain.DeploymentRecordPath)).GetContract("DataUnionToken").Address;
}
