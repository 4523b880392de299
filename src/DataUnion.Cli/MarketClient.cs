using System.CommandLine;
using System.Numerics;
using System.Text.Json;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Core.Content;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Util;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace DataUnion.Cli;

/// <summary>
/// The DatasetMarket as a member, buyer or auditor reads it: straight from the chain's JSON-RPC,
/// never through the node. Every failure is a <see cref="CliFailureException"/> that says what.
/// </summary>
internal sealed class MarketClient
{
    private MarketClient(Web3 web3, Uri rpc, string market, long chainId)
    {
        (Web3, Rpc, Market, ChainId) = (web3, rpc, market, chainId);
    }

    public Web3 Web3 { get; }

    public Uri Rpc { get; }

    public string Market { get; }

    public long ChainId { get; }

    /// <summary>
    /// Connects to the market <paramref name="parse"/> names (or the node's), checking that the RPC
    /// answers, is the node's chain, and has a contract at the market's address.
    /// </summary>
    public static async Task<MarketClient> ConnectAsync(ParseResult parse, ChainOptions options, NodeRpcClient node, EthECKey? signer, CancellationToken cancellationToken)
    {
        var rpc = parse.GetValue(options.Rpc)!;
        long? nodeChain = null;
        var market = parse.GetValue(options.Market);
        if (market is null)
        {
            // The node names its market in its public terms; --market needs nobody's word.
            var terms = (await node.JsonAsync(HttpMethod.Get, "api/v1/contributions/terms", null, cancellationToken).ConfigureAwait(false)).GetProperty("consent");
            nodeChain = terms.GetProperty("chainId").ValueKind == JsonValueKind.Number ? terms.GetProperty("chainId").GetInt64() : null;
            market = (terms.GetProperty("verifyingContract").ValueKind == JsonValueKind.String ? terms.GetProperty("verifyingContract").GetString() : null)
                ?? throw new CliFailureException($"the node at {node.Api} does not name its market yet (its chain is still coming up); give --market");
        }

        if (!AddressUtil.Current.IsValidEthereumAddressHexFormat(market))
        {
            throw new CliFailureException($"--market '{market}' is not an address (0x and 40 hex digits)");
        }

        var probe = new Web3(rpc.ToString());
        long chainId;
        try
        {
            chainId = (long)(await probe.Eth.ChainId.SendRequestAsync().WaitAsync(TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new CliFailureException($"the RPC at {rpc} does not answer: {ex.Message}");
        }

        if (nodeChain is { } expected && expected != chainId)
        {
            throw new CliFailureException($"the RPC at {rpc} is chain {chainId}, but the node's market is on chain {expected}");
        }

        var code = await probe.Eth.GetCode.SendRequestAsync(market).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (code is null or "0x" or "0x0")
        {
            throw new CliFailureException($"there is no contract at {market} on chain {chainId} (RPC {rpc})");
        }

        var web3 = signer is null ? probe : new Web3(new Account(signer, chainId), rpc.ToString());
        web3.TransactionManager.UseLegacyAsDefault = false;
        return new MarketClient(web3, rpc, AddressUtil.Current.ConvertToChecksumAddress(market), chainId);
    }

    /// <summary>The market's record of a version.</summary>
    public async Task<DataUnion.Chain.Contracts.DatasetMarket.Version> VersionAsync(long versionId, CancellationToken cancellationToken)
    {
        var count = await Web3.Eth.GetContractQueryHandler<VersionCountFunction>().QueryAsync<BigInteger>(Market, new VersionCountFunction()).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (versionId < 1 || versionId > count)
        {
            throw new CliFailureException($"the market has no version {versionId} (it has {count})");
        }

        return (await Web3.Eth.GetContractQueryHandler<GetVersionFunction>()
            .QueryDeserializingToObjectAsync<GetVersionOutputDTO>(new GetVersionFunction { VersionId = versionId }, Market).WaitAsync(cancellationToken).ConfigureAwait(false)).ReturnValue1;
    }

    /// <summary>The manifest CID the market published the version with (from its <c>VersionPublished</c> event).</summary>
    public async Task<Cid> ManifestCidAsync(long versionId, CancellationToken cancellationToken)
    {
        var events = Web3.Eth.GetEvent<VersionPublishedEventDTO>(Market);
        var filter = events.CreateFilterInput(new BigInteger(versionId), BlockParameter.CreateEarliest(), BlockParameter.CreateLatest());
        var logs = await events.GetAllChangesAsync(filter).WaitAsync(cancellationToken).ConfigureAwait(false);
        var published = logs.FirstOrDefault() ?? throw new CliFailureException($"the market at {Market} never published version {versionId}");
        try
        {
            var bytes = published.Event.ManifestCid;
            var cid = Cid.Read(bytes, out var length);
            return length == bytes.Length ? cid : throw new CliFailureException($"version {versionId}'s manifest CID on chain has {bytes.Length - length} stray bytes after the CID");
        }
        catch (CidFormatException ex)
        {
            throw new CliFailureException($"version {versionId}'s manifest CID on chain is not a CID: {ex.Message}");
        }
    }
}
