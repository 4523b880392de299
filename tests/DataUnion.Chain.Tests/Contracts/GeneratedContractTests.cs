using System.Numerics;
using System.Reflection;
using System.Text.Json;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Contracts.DataUnionToken;
using DataUnion.Chain.Merkle;
using DataUnion.Core.Deployment;
using DataUnion.Testing;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Util;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace DataUnion.Chain.Tests.Contracts;

/// <summary>
/// The C# contract types generated from Hardhat's artifacts (deploy/generate-csharp.mjs): their
/// selectors and topics match the artifacts, and they drive a real publish, purchase and claim.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class GeneratedContractTests(HardhatChainFixture chain)
{
    // Hardhat's first development account: the deployer and operator of the local chain (public test key).
    private const string DeployerKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    public static TheoryData<string> Contracts => new()
    {
        "contracts/token/DataUnionToken.sol:DataUnionToken",
        "contracts/market/DatasetMarket.sol:DatasetMarket",
        "contracts/staking/LabelerStaking.sol:LabelerStaking",
    };

    [Theory]
    [MemberData(nameof(Contracts))]
    public void GeneratedTypes_CoverEveryFunctionEventAndErrorOfTheArtifact_WithItsSelector(string qualifiedName)
    {
        var (source, name) = (qualifiedName.Split(':')[0], qualifiedName.Split(':')[1]);
        using var artifact = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "artifacts", source, name + ".json")));
        var types = typeof(Chain.Connection.ChainConnection).Assembly.GetTypes()
            .Where(t => t.Namespace == $"DataUnion.Chain.Contracts.{name}").ToList();
        var checkedCount = 0;

        foreach (var item in artifact.RootElement.GetProperty("abi").EnumerateArray())
        {
            var kind = item.GetProperty("type").GetString();
            if (kind is not ("function" or "event" or "error"))
            {
                continue;
            }

            var itemName = item.GetProperty("name").GetString()!;
            var expected = Sha3Keccack.Current.CalculateHash(Signature(item));
            var actual = kind switch
            {
                "function" => ABITypedRegistry.GetFunctionABI(Single(types, t => t.GetCustomAttribute<FunctionAttribute>()?.Name == itemName, itemName)).Sha3Signature,
                "event" => ABITypedRegistry.GetEvent(Single(types, t => t.GetCustomAttribute<EventAttribute>()?.Name == itemName, itemName)).Sha3Signature,
                _ => ABITypedRegistry.GetError(Single(types, t => t.GetCustomAttribute<ErrorAttribute>()?.Name == itemName, itemName)).Sha3Signature,
            };

            Assert.True(expected.StartsWith(actual, StringComparison.OrdinalIgnoreCase), $"{kind} {Signature(item)}: C# gives {actual}, the artifact {expected}");
            checkedCount++;
        }

        Assert.True(checkedCount > 10, $"only {checkedCount} ABI items checked");
    }

    [Fact]
    public async Task PublishPurchaseClaim_ThroughGeneratedTypes_PaysTheCoOwner()
    {
        await using var snapshot = await chain.SnapshotAsync();
        var record = DeploymentRecordParser.Parse(await File.ReadAllTextAsync(chain.DeploymentRecordPath));
        var market = record.GetContract("DatasetMarket").Address;
        var token = record.GetContract("DataUnionToken").Address;
        var web3 = new Web3(new Account(DeployerKey, chain.ChainId), chain.RpcUrl);
        var versionId = await web3.Eth.GetContractQueryHandler<VersionCountFunction>().QueryAsync<BigInteger>(market, new VersionCountFunction()) + 1;
        // 200 co-owners with 1 share each, then the one this test follows with 60 more: 260 shares.
        var owners = Enumerable.Range(0, 201).Select(i => new Account("0x" + Convert.ToHexString(Sha3Keccack.Current.CalculateHash(BitConverter.GetBytes(i))), chain.ChainId).Address).ToArray();
        var coOwner = owners[^1];
        BigInteger SharesOf(int i) => i == owners.Length - 1 ? 60 : 1;
        var tree = StandardMerkleTree.Of([.. owners.Select((owner, i) => StandardMerkleTree.SharesLeaf(chain.ChainId, market, versionId, owner, SharesOf(i)))]);

        var onChainLeaf = await web3.Eth.GetContractQueryHandler<SharesLeafFunction>()
            .QueryAsync<byte[]>(market, new SharesLeafFunction { VersionId = versionId, Account = coOwner, Shares = 60 });
        Assert.Equal(StandardMerkleTree.SharesLeaf(chain.ChainId, market, versionId, coOwner, 60), onChainLeaf);

        var published = await web3.Eth.GetContractTransactionHandler<PublishVersionFunction>().SendRequestAndWaitForReceiptAsync(market, new PublishVersionFunction
        {
            DatasetId = 3,
            ImagesRoot = Sha3Keccack.Current.CalculateHash("images"u8.ToArray()),
            SharesRoot = tree.Root,
            TotalShares = 260,
            Price = BigInteger.Pow(10, 18),
            Token = token,
            ManifestCid = [0x01, 0x70, 0x12, 0x20, .. new byte[32]],
        });
        var versionEvent = Assert.Single(published.DecodeAllEvents<VersionPublishedEventDTO>()).Event;
        Assert.Equal(versionId, versionEvent.VersionId);

        await web3.Eth.GetContractTransactionHandler<ApproveFunction>().SendRequestAndWaitForReceiptAsync(token, new ApproveFunction { Spender = market, Value = BigInteger.Pow(10, 18) });
        var bought = await web3.Eth.GetContractTransactionHandler<PurchaseFunction>().SendRequestAndWaitForReceiptAsync(market, new PurchaseFunction { VersionId = versionId, MaxPrice = BigInteger.Pow(10, 18) });
        Assert.Equal(1, bought.Status.Value);
        var again = await Assert.ThrowsAsync<SmartContractCustomErrorRevertException>(() =>
            web3.Eth.GetContractTransactionHandler<PurchaseFunction>().SendRequestAndWaitForReceiptAsync(market, new PurchaseFunction { VersionId = versionId, MaxPrice = BigInteger.Pow(10, 18) }));
        Assert.True(again.IsCustomErrorFor<AlreadyPurchasedError>());
        Assert.Equal(versionId, again.DecodeError<AlreadyPurchasedError>().VersionId);

        await web3.Eth.GetContractTransactionHandler<ClaimVersionFunction>().SendRequestAndWaitForReceiptAsync(market, new ClaimVersionFunction
        {
            VersionId = versionId,
            Account = coOwner,
            Shares = 60,
            Proof = [.. tree.GetProof(owners.Length - 1)],
        });

        var balance = await web3.Eth.GetContractQueryHandler<BalanceOfFunction>().QueryAsync<BigInteger>(token, new BalanceOfFunction { Account = coOwner });
        // 2.5 % fee (the module's default), then 60 of 260 shares (the accumulator floors once per share).
        var perShare = BigInteger.Pow(10, 18) * 975 / 1000 * BigInteger.Pow(10, 18) / 260;
        Assert.Equal(60 * perShare / BigInteger.Pow(10, 18), balance);
    }

    private static Type Single(List<Type> types, Func<Type, bool> match, string name)
    {
        var found = types.Where(match).ToList();
        Assert.True(found.Count == 1, $"expected one generated type for '{name}', found {found.Count}");
        return found[0];
    }

    private static string Signature(JsonElement item) =>
        $"{item.GetProperty("name").GetString()}({string.Join(',', item.GetProperty("inputs").EnumerateArray().Select(Canonical))})";

    private static string Canonical(JsonElement parameter)
    {
        var type = parameter.GetProperty("type").GetString()!;
        return type.StartsWith("tuple", StringComparison.Ordinal)
            ? $"({string.Join(',', parameter.GetProperty("components").EnumerateArray().Select(Canonical))}){type[5..]}"
            : type;
    }
}
