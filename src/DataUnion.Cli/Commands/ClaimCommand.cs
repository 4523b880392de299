using System.CommandLine;
using System.Globalization;
using System.Numerics;
using DataUnion.Chain.Contracts.DatasetMarket;
using Nethereum.Contracts;
using Nethereum.Signer;

namespace DataUnion.Cli.Commands;

/// <summary>
/// <c>dataunion claim [--version N]... | --all --wallet W</c>: a co-owner takes their proofs from the
/// versions' public shares dumps, checks them against the roots on chain, and claims every version
/// with something claimable in one transaction from their own wallet.
/// </summary>
internal static partial class ClaimCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var chain = new ChainOptions();
        var wallet = new MemberWallet();
        var versions = new Option<long[]>("--version") { Description = "A version to claim (repeat for several).", AllowMultipleArgumentsPerToken = true };
        var all = new Option<bool>("--all") { Description = "Claim every published version you hold shares in." };
        var relay = new Option<bool>("--relay") { Description = "Sign the claim and let the node send it and pay its gas (for a wallet without ETH)." };
        var command = new Command("claim", "Claim your revenue as a co-owner: proofs from the public dumps, checked on chain, one transaction.\nExample: dataunion claim --all --wallet ~/me.json")
        {
            versions, all, relay,
        };
        command.Options.Add(connection.Api);
        chain.AddTo(command);
        wallet.AddTo(command);
        command.SetAction((parse, ct) => CliActions.RunAsync(console, async () =>
        {
            var ids = parse.GetValue(versions) ?? [];
            if (ids.Length == 0 == !parse.GetValue(all))
            {
                throw new CliFailureException("say which versions: --version N (repeatable) or --all");
            }

            var key = wallet.Unlock(parse, console);
            var account = key.GetPublicAddress();
            var api = parse.GetValue(connection.Api)!;
            using var node = NodeRpcClient.CreatePublic(api);
            var market = await MarketClient.ConnectAsync(parse, chain, node, key, ct).ConfigureAwait(false);
            if (ids.Length == 0)
            {
                ids = [.. (await node.JsonAsync(HttpMethod.Get, "api/v1/versions", null, ct).ConfigureAwait(false)).EnumerateArray()
                    .Where(v => v.GetProperty("files").ValueKind == System.Text.Json.JsonValueKind.Object)
                    .Select(v => long.Parse(v.GetProperty("versionId").GetString()!, CultureInfo.InvariantCulture))];
            }

            var claims = new List<(long Version, BigInteger Units, List<byte[]> Proof, BigInteger Claimable)>();
            foreach (var id in ids.Distinct())
            {
                if (await ShareProofs.FindAsync(node, market, id, account, ct).ConfigureAwait(false) is not { } found)
                {
                    if (!parse.GetValue(all))
                    {
                        throw new CliFailureException($"{account} has no share in version {id}");
                    }

                    continue;
                }

                var claimable = await market.Web3.Eth.GetContractQueryHandler<ClaimableFunction>()
                    .QueryAsync<BigInteger>(market.Market, new ClaimableFunction { VersionId = id, Account = account, Shares = found.Units }).WaitAsync(ct).ConfigureAwait(false);
                if (claimable > 0)
                {
                    claims.Add((id, found.Units, found.Proof, claimable));
                }
                else
                {
                    await console.Error.WriteLineAsync($"version {id}: {found.Units} units, nothing claimable now").ConfigureAwait(false);
                }
            }

            if (claims.Count == 0)
            {
                throw new CliFailureException($"{account} has nothing to claim now{(parse.GetValue(all) && ids.Length == 0 ? ": the node lists no published version of its own" : string.Empty)}");
            }

            var (transaction, block, paid) = parse.GetValue(relay)
                ? await RelayAsync(console, api, market, key, claims, ct).ConfigureAwait(false)
                : await ClaimDirectAsync(market, account, claims, ct).ConfigureAwait(false);
            var rows = claims.Select(c => new[] { c.Version.ToString(CultureInfo.InvariantCulture), c.Units.ToString(CultureInfo.InvariantCulture), c.Claimable.ToString(CultureInfo.InvariantCulture) }).ToList();
            await TextTable.WriteAsync(console.Out, ["version", "units", "claimed"], rows).ConfigureAwait(false);
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{paid} paid to {account} in transaction {transaction} (block {block})")).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static async Task<(string Transaction, long Block, BigInteger Paid)> ClaimDirectAsync(
        MarketClient market, string account, List<(long Version, BigInteger Units, List<byte[]> Proof, BigInteger Claimable)> claims, CancellationToken cancellationToken)
    {
        var receipt = await Transactions.SendAsync(market.Web3, market.Market, new ClaimFunction
        {
            VersionIds = [.. claims.Select(c => new BigInteger(c.Version))],
            Account = account,
            Shares = [.. claims.Select(c => c.Units)],
            Proofs = [.. claims.Select(c => c.Proof)],
        }, $"claiming versions {string.Join(", ", claims.Select(c => c.Version))}", cancellationToken).ConfigureAwait(false);
        var paid = receipt.DecodeAllEvents<ClaimedEventDTO>().Aggregate(BigInteger.Zero, (sum, e) => sum + e.Event.Amount);
        return (receipt.TransactionHash, (long)receipt.BlockNumber.Value, paid);
    }
}
