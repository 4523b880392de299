using System.Globalization;
using System.Numerics;
using System.Text.Json;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Signing;
using Nethereum.Contracts;
using Nethereum.Signer;

namespace DataUnion.Cli.Commands;

internal static partial class ClaimCommand
{
    private static readonly TimeSpan RelayTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Signs the market's EIP-712 <c>Claim</c> for the claims, hands it to the node to send (the node
    /// pays the gas), and follows it until it is mined.
    /// </summary>
    private static async Task<(string Transaction, long Block, BigInteger Paid)> RelayAsync(
        CliConsole console, Uri api, MarketClient market, EthECKey key, List<(long Version, BigInteger Units, List<byte[]> Proof, BigInteger Claimable)> claims, CancellationToken cancellationToken)
    {
        var account = key.GetPublicAddress();
        var nonce = await market.Web3.Eth.GetContractQueryHandler<NoncesFunction>().QueryAsync<BigInteger>(market.Market, new NoncesFunction { Owner = account }).WaitAsync(cancellationToken).ConfigureAwait(false);
        var deadline = new BigInteger(TimeProvider.System.GetUtcNow().AddHours(1).ToUnixTimeSeconds());
        var versionIds = claims.Select(c => new BigInteger(c.Version)).ToList();
        var signature = ClaimAuthorizationSigner.Sign(market.ChainId, market.Market, new ClaimRequest(account, account, versionIds, nonce, deadline), key);
        using var member = await MemberSession.SignInAsync(api, key, market.ChainId, "Sign in to claim my revenue.", cancellationToken).ConfigureAwait(false);
        var relayed = await member.JsonAsync(HttpMethod.Post, "api/v1/me/claims", new
        {
            versionIds = claims.Select(c => c.Version),
            shares = claims.Select(c => c.Units.ToString(CultureInfo.InvariantCulture)),
            proofs = claims.Select(c => c.Proof.Select(p => "0x" + Convert.ToHexStringLower(p))),
            recipient = account,
            nonce = nonce.ToString(CultureInfo.InvariantCulture),
            deadline = deadline.ToString(CultureInfo.InvariantCulture),
            signature,
        }, cancellationToken).ConfigureAwait(false);
        var key2 = relayed.GetProperty("key").GetString()!;
        await console.Error.WriteLineAsync($"the node is relaying the claim ({key2})").ConfigureAwait(false);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RelayTimeout);
        try
        {
            while (true)
            {
                var state = relayed.GetProperty("state").GetString();
                if (state is "Confirmed" && relayed.GetProperty("transaction").GetString() is { } transaction)
                {
                    var receipt = await market.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(transaction).WaitAsync(timeout.Token).ConfigureAwait(false);
                    var paid = receipt.DecodeAllEvents<ClaimedEventDTO>().Aggregate(BigInteger.Zero, (sum, e) => sum + e.Event.Amount);
                    return (transaction, (long)receipt.BlockNumber.Value, paid);
                }

                if (state is "Reverted" or "Failed")
                {
                    throw new CliFailureException($"the node's relayed claim {key2} {state!.ToLowerInvariant()}: {Error(relayed)}");
                }

                await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token).ConfigureAwait(false);
                relayed = await member.JsonAsync(HttpMethod.Get, $"api/v1/me/claims/{Uri.EscapeDataString(key2)}", null, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliFailureException($"the relayed claim {key2} was not confirmed within {RelayTimeout.TotalMinutes} minutes: {Error(relayed)}");
        }
    }

    private static string Error(JsonElement relayed) =>
        relayed.TryGetProperty("lastError", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString()! : "no error recorded";
}
