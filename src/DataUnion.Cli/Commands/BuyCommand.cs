using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using DataUnion.Chain.Contracts.DatasetMarket;
using Nethereum.ABI.EIP712;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using Token = DataUnion.Chain.Contracts.DataUnionToken;

namespace DataUnion.Cli.Commands;

/// <summary>
/// <c>dataunion buy VERSION --wallet W</c>: reads the version's price and token from the market,
/// pays with an EIP-2612 permit where the token has one (else an approval), simulates every call
/// first, and sends from the buyer's own wallet.
/// </summary>
internal static class BuyCommand
{
    private static readonly TimeSpan PermitLifetime = TimeSpan.FromHours(1);

    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var chain = new ChainOptions();
        var wallet = new MemberWallet();
        var version = new Argument<long>("VERSION") { Description = "The version id on the market." };
        var noPermit = new Option<bool>("--no-permit") { Description = "Approve the market in its own transaction even when the token supports EIP-2612 permits." };
        var json = new Option<bool>("--json") { Description = "Print the purchase as JSON." };
        var command = new Command("buy", "Buy a dataset version from your own wallet: price and token from the market, permit or approval, simulated first.\nExample: dataunion buy 3 --wallet ~/buyer.json")
        {
            version, noPermit, json,
        };
        command.Options.Add(connection.Api);
        chain.AddTo(command);
        wallet.AddTo(command);
        command.SetAction((parse, ct) => CliActions.RunAsync(console, async () =>
        {
            var versionId = parse.GetValue(version);
            var key = wallet.Unlock(parse, console);
            using var node = NodeRpcClient.CreatePublic(parse.GetValue(connection.Api)!);
            var market = await MarketClient.ConnectAsync(parse, chain, node, key, ct).ConfigureAwait(false);
            var purchase = await BuyAsync(market, key, versionId, !parse.GetValue(noPermit), ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                using var document = JsonDocument.Parse(JsonSerializer.Serialize(purchase));
                await CliActions.WriteJsonAsync(console.Out, document.RootElement).ConfigureAwait(false);
            }
            else
            {
                await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"bought version {versionId} for {purchase.Price} units of {purchase.Token} ({purchase.Fee} of it the market's fee) with {purchase.Payment}, transaction {purchase.Transaction} in block {purchase.Block}")).ConfigureAwait(false);
            }

            return 0;
        }));
        return command;
    }

    private static async Task<Purchase> BuyAsync(MarketClient market, EthECKey key, long versionId, bool permitIfPossible, CancellationToken cancellationToken)
    {
        var web3 = market.Web3;
        var buyer = key.GetPublicAddress();
        var record = await market.VersionAsync(versionId, cancellationToken).ConfigureAwait(false);
        if (record.Retired)
        {
            throw new CliFailureException($"version {versionId} is retired: it is no longer for sale");
        }

        if (await web3.Eth.GetContractQueryHandler<HasPurchasedFunction>().QueryAsync<bool>(market.Market, new HasPurchasedFunction { Buyer = buyer, VersionId = versionId }).WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new CliFailureException($"{buyer} already bought version {versionId}; download it with 'dataunion download {versionId}'");
        }

        var balance = await web3.Eth.GetContractQueryHandler<Token.BalanceOfFunction>().QueryAsync<BigInteger>(record.Token, new Token.BalanceOfFunction { Account = buyer }).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (balance < record.Price)
        {
            throw new CliFailureException($"{buyer} holds {balance} units of {record.Token}; version {versionId} costs {record.Price}");
        }

        var permit = permitIfPossible ? await PermitDomainAsync(market, record.Token, cancellationToken).ConfigureAwait(false) : null;
        Nethereum.RPC.Eth.DTOs.TransactionReceipt receipt;
        string payment;
        if (permit is not null)
        {
            var deadline = new BigInteger(TimeProvider.System.GetUtcNow().Add(PermitLifetime).ToUnixTimeSeconds());
            var nonce = await web3.Eth.GetContractQueryHandler<Token.NoncesFunction>().QueryAsync<BigInteger>(record.Token, new Token.NoncesFunction { Owner = buyer }).WaitAsync(cancellationToken).ConfigureAwait(false);
            var signature = new EthECKey(key.GetPrivateKeyAsBytes(), true);
            var signed = Eip712TypedDataSigner.Current.SignTypedDataV4(
                new PermitMessage { Owner = buyer, Spender = market.Market, Value = record.Price, Nonce = nonce, Deadline = deadline }, permit, signature);
            var bytes = Convert.FromHexString(signed[2..]);
            receipt = await Transactions.SendAsync(web3, market.Market, new PurchaseWithPermitFunction
            {
                VersionId = versionId,
                MaxPrice = record.Price,
                Deadline = deadline,
                V = bytes[64],
                R = bytes[..32],
                S = bytes[32..64],
            }, $"buying version {versionId} with a permit", cancellationToken).ConfigureAwait(false);
            payment = "an EIP-2612 permit";
        }
        else
        {
            var allowance = await web3.Eth.GetContractQueryHandler<Token.AllowanceFunction>().QueryAsync<BigInteger>(record.Token, new Token.AllowanceFunction { Owner = buyer, Spender = market.Market }).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (allowance < record.Price)
            {
                await Transactions.SendAsync(web3, record.Token, new Token.ApproveFunction { Spender = market.Market, Value = record.Price }, $"approving the market for {record.Price}", cancellationToken).ConfigureAwait(false);
            }

            receipt = await Transactions.SendAsync(web3, market.Market, new PurchaseFunction { VersionId = versionId, MaxPrice = record.Price }, $"buying version {versionId}", cancellationToken).ConfigureAwait(false);
            payment = "an approval";
        }

        var purchased = receipt.DecodeAllEvents<PurchasedEventDTO>().FirstOrDefault()?.Event
            ?? throw new CliFailureException($"transaction {receipt.TransactionHash} succeeded but the market logged no purchase");
        return new Purchase(versionId, buyer, record.Token, Text(purchased.Price), Text(purchased.Fee), payment, receipt.TransactionHash, (long)receipt.BlockNumber.Value);
    }

    /// <summary>The token's EIP-712 domain when it takes EIP-2612 permits (its own <c>eip712Domain()</c> and <c>nonces</c> answer); else null.</summary>
    private static async Task<TypedData<Domain>?> PermitDomainAsync(MarketClient market, string token, CancellationToken cancellationToken)
    {
        try
        {
            var domain = await market.Web3.Eth.GetContractQueryHandler<Token.Eip712DomainFunction>()
                .QueryDeserializingToObjectAsync<Token.Eip712DomainOutputDTO>(new Token.Eip712DomainFunction(), token).WaitAsync(cancellationToken).ConfigureAwait(false);
            await market.Web3.Eth.GetContractQueryHandler<Token.NoncesFunction>().QueryAsync<BigInteger>(token, new Token.NoncesFunction { Owner = token }).WaitAsync(cancellationToken).ConfigureAwait(false);
            return new TypedData<Domain>
            {
                Domain = new Domain { Name = domain.Name, Version = domain.Version, ChainId = domain.ChainId, VerifyingContract = domain.VerifyingContract },
                Types = MemberDescriptionFactory.GetTypesMemberDescription(typeof(Domain), typeof(PermitMessage)),
                PrimaryType = "Permit",
            };
        }
        catch (Exception ex) when (ex is SmartContractRevertException or Nethereum.JsonRpc.Client.RpcResponseException or ArgumentException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static string Text(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>What a purchase did.</summary>
    private sealed record Purchase(long VersionId, string Buyer, string Token, string Price, string Fee, string Payment, string Transaction, long Block);

    /// <summary>EIP-2612's <c>Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)</c>.</summary>
    [Struct("Permit")]
    private sealed class PermitMessage
    {
        [Parameter("address", "owner", 1)]
        public string Owner { get; set; } = string.Empty;

        [Parameter("address", "spender", 2)]
        public string Spender { get; set; } = string.Empty;

        [Parameter("uint256", "value", 3)]
        public BigInteger Value { get; set; }

        [Parameter("uint256", "nonce", 4)]
        public BigInteger Nonce { get; set; }

        [Parameter("uint256", "deadline", 5)]
        public BigInteger Deadline { get; set; }
    }
}
