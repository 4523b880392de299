using System.Numerics;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Merkle;
using DataUnion.Core.Deployment;
using Nethereum.Contracts;
using Nethereum.Util;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Staking = DataUnion.Chain.Contracts.LabelerStaking;
using Token = DataUnion.Chain.Contracts.DataUnionToken;

namespace DataUnion.Chain.Tests.Indexing;

/// <summary>Real contract calls by Hardhat's public development accounts, producing the events the indexer follows.</summary>
internal sealed class ChainActivity
{
    // Hardhat's development accounts 0 (deployer and operator), 1 and 2: public test keys.
    public const string OperatorKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    public const string BuyerKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    public const string LabelerKey = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";

    private readonly long _chainId;
    private readonly string _rpcUrl;

    public ChainActivity(string rpcUrl, long chainId, DeploymentRecord record)
    {
        _rpcUrl = rpcUrl;
        _chainId = chainId;
        Market = record.GetContract("DatasetMarket").Address;
        Token = record.GetContract("DataUnionToken").Address;
        Staking = record.GetContract("LabelerStaking").Address;
    }

    public string Market { get; }

    public string Token { get; }

    public string Staking { get; }

    public static BigInteger Ether(int n) => n * BigInteger.Pow(10, 18);

    /// <summary>The contract's own figure for the stake that weighs votes.</summary>
    public Task<BigInteger> ActiveStakeOfAsync(string labeler) =>
        new Web3(_rpcUrl).Eth.GetContractQueryHandler<Staking.ActiveStakeOfFunction>()
            .QueryAsync<BigInteger>(Staking, new Staking.ActiveStakeOfFunction { Labeler = labeler });

    public string AddressOf(string key) => new Account(key, _chainId).Address;

    /// <summary>Publishes a version whose two co-owners are the operator (3 shares) and the labeler (1 share).</summary>
    public async Task<(BigInteger VersionId, StandardMerkleTree Tree)> PublishAsync(int datasetId, BigInteger price)
    {
        var web3 = Web3For(OperatorKey);
        var versionId = await web3.Eth.GetContractQueryHandler<VersionCountFunction>().QueryAsync<BigInteger>(Market, new VersionCountFunction()) + 1;
        var tree = StandardMerkleTree.Of([
            StandardMerkleTree.SharesLeaf(_chainId, Market, versionId, AddressOf(OperatorKey), 3),
            StandardMerkleTree.SharesLeaf(_chainId, Market, versionId, AddressOf(LabelerKey), 1),
        ]);
        await SendAsync(OperatorKey, Market, new PublishVersionFunction
        {
            DatasetId = datasetId,
            ImagesRoot = Sha3Keccack.Current.CalculateHash(BitConverter.GetBytes(datasetId * 7919 + (long)versionId)),
            SharesRoot = tree.Root,
            TotalShares = 4,
            Price = price,
            Token = Token,
            ManifestCid = [0x01, 0x70, 0x12, 0x20, .. new byte[32]],
        });
        return (versionId, tree);
    }

    public async Task FundAsync(string key, BigInteger amount) =>
        await SendAsync(OperatorKey, Token, new Token.TransferFunction { To = AddressOf(key), Value = amount });

    public async Task PurchaseAsync(string key, BigInteger versionId, BigInteger price)
    {
        await SendAsync(key, Token, new Token.ApproveFunction { Spender = Market, Value = price });
        await SendAsync(key, Market, new PurchaseFunction { VersionId = versionId, MaxPrice = price });
    }

    public async Task ClaimAsync(BigInteger versionId, StandardMerkleTree tree, int leaf, string accountKey, BigInteger shares) =>
        await SendAsync(OperatorKey, Market, new ClaimVersionFunction
        {
            VersionId = versionId,
            Account = AddressOf(accountKey),
            Shares = shares,
            Proof = [.. tree.GetProof(leaf)],
        });

    public async Task StakeAsync(string key, BigInteger amount)
    {
        await SendAsync(key, Token, new Token.ApproveFunction { Spender = Staking, Value = amount });
        await SendAsync(key, Staking, new Staking.StakeFunction { Amount = amount });
    }

    public Task RequestUnstakeAsync(string key, BigInteger amount) => SendAsync(key, Staking, new Staking.RequestUnstakeFunction { Amount = amount });

    public Task SlashAsync(string labelerKey, int bps) =>
        SendAsync(OperatorKey, Staking, new Staking.SlashFunction { Labeler = AddressOf(labelerKey), Bps = bps, ReasonHash = Sha3Keccack.Current.CalculateHash("evidence"u8.ToArray()) });

    public Task RetireAsync(BigInteger versionId) => SendAsync(OperatorKey, Market, new RetireVersionFunction { VersionId = versionId });

    public Task WithdrawAsync(string key) => SendAsync(key, Staking, new Staking.WithdrawFunction());

    private Web3 Web3For(string key) => new(new Account(key, _chainId), _rpcUrl);

    private async Task SendAsync<TFunction>(string key, string contract, TFunction call)
        where TFunction : FunctionMessage, new()
    {
        var receipt = await Web3For(key).Eth.GetContractTransactionHandler<TFunction>().SendRequestAndWaitForReceiptAsync(contract, call);
        if (receipt.Status.Value != 1)
        {
            throw new InvalidOperationException($"{typeof(TFunction).Name} reverted");
        }
    }
}
