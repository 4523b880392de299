using System.Globalization;
using System.Numerics;
using DataUnion.Chain.Connection;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Outbox;
using DataUnion.Chain.Rpc;
using DataUnion.Chain.Signing;
using DataUnion.Node.Apis.Problems;
using DataUnion.Storage;
using LiteDB;
using Microsoft.Extensions.Options;
using Nethereum.JsonRpc.Client;
using Nethereum.Util;

namespace DataUnion.Node.Versions;

/// <summary>
/// Gasless claims: a co-owner signs the market's EIP-712 <c>Claim</c> authorization, and the node
/// sends <c>claimWithSig</c> through its outbox and pays the gas, so a member with no ETH is still
/// paid. Only the signer's own claims are relayed, each is simulated first, and the gas relayed per
/// UTC day is capped (<see cref="RelayOptions.MaxGasPerDay"/>, kept in the node database).
/// </summary>
public sealed class ClaimRelay(ChainConnection chain, OutboxService outbox, NodeDatabase database, IOptions<RelayOptions> options, TimeProvider time, ILogger<ClaimRelay> logger)
{
    private readonly Lock _budget = new();

    private ILiteCollection<BsonDocument> Budget => database.Database.GetCollection("relay_budget");

    /// <summary>The key of the outbox intent of <paramref name="account"/>'s relayed claim with <paramref name="nonce"/>.</summary>
    public static string KeyOf(string account, BigInteger nonce) => $"relay-claim:{account.ToLowerInvariant()}:{nonce.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Checks and relays the caller's signed claim; the same authorization again returns its first intent.</summary>
    /// <exception cref="ProblemException">400 a bad field, another signer or a claim that would revert; 503 relaying off, no outbox, or the day's gas spent.</exception>
    public async Task<TransactionIntent> RelayAsync(string caller, RelayClaimRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        if (!settings.Enabled)
        {
            throw new ProblemException(ApiProblem.Unavailable("Relaying is off", "this node relays no claims (Relay:Enabled is false); claim from your own wallet"));
        }

        if (outbox.Outbox is not { } sender || !chain.IsEstablished)
        {
            throw new ProblemException(ApiProblem.Unavailable("No outbox", "the node has no operator wallet, or its chain is still coming up; claim from your own wallet"));
        }

        var call = Parse(caller, request, settings.MaxVersionsPerClaim);
        var key = KeyOf(caller, call.Auth.NonceValue);
        if (sender.Find(key) is { } existing)
        {
            return existing;
        }

        var market = chain.Deployment.GetContract("DatasetMarket").Address;
        var claim = new ClaimRequest(caller, call.Auth.Recipient, call.VersionIds, call.Auth.NonceValue, call.Auth.Deadline);
        string signer;
        try
        {
            signer = ClaimAuthorizationSigner.Recover(chain.Deployment.ChainId, market, claim, request.Signature!);
        }
        catch (SignatureException ex)
        {
            throw new ProblemException(ApiProblem.BadRequest($"signature: {ex.Message}"));
        }

        if (!string.Equals(signer, caller, StringComparison.OrdinalIgnoreCase))
        {
            throw new ProblemException(ApiProblem.BadRequest($"the authorization is signed by {signer}, not by you ({AddressUtil.Current.ConvertToChecksumAddress(caller)}): the node relays only your own claims"));
        }

        call.FromAddress = sender.Sender;
        var gas = await EstimateAsync(market, call, cancellationToken);
        lock (_budget)
        {
            var day = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var used = Budget.FindById(day)?["gas"].AsInt64 ?? 0;
            if (used + gas > settings.MaxGasPerDay)
            {
                throw new ProblemException(ApiProblem.Unavailable("Relay budget spent",
                    $"the node relays at most {settings.MaxGasPerDay} gas of claims a day and {used} is spent; this claim needs about {gas}. Claim from your own wallet, or again after 00:00 UTC"));
            }

            Budget.Upsert(new BsonDocument { ["_id"] = day, ["gas"] = used + gas });
        }

        TransactionIntent intent;
        try
        {
            intent = sender.Enqueue(key, market, call);
        }
        catch (OutboxException ex)
        {
            throw new ProblemException(ApiProblems.Describe(ex)!);
        }

        logger.LogInformation("Relaying a claim of {Account} on {Versions} version(s) (about {Gas} gas), intent {Key}", caller, call.VersionIds.Count, gas, key);
        return intent;
    }

    private async Task<long> EstimateAsync(string market, ClaimWithSigFunction call, CancellationToken cancellationToken)
    {
        try
        {
            return (long)(await chain.Web3.Eth.GetContractTransactionHandler<ClaimWithSigFunction>().EstimateGasAsync(market, call).WaitAsync(cancellationToken)).Value;
        }
        catch (Exception ex) when (RevertReason.Of(ex) is { } reason)
        {
            throw new ProblemException(ApiProblem.BadRequest($"the claim would revert: {reason}; nothing was sent"));
        }
    }

    private static ClaimWithSigFunction Parse(string caller, RelayClaimRequest request, int maxVersions)
    {
        var problems = new List<string>();
        var versions = request.VersionIds ?? [];
        var shares = request.Shares ?? [];
        var proofs = request.Proofs ?? [];
        if (versions.Count is 0 || versions.Count > maxVersions)
        {
            problems.Add($"versionIds: 1 to {maxVersions} version ids");
        }

        if (shares.Count != versions.Count || proofs.Count != versions.Count)
        {
            problems.Add("shares and proofs: one for each version id");
        }

        var units = shares.Select((s, i) => BigInteger.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var u) && u > 0 ? u : Problem(problems, $"shares[{i}]: a positive decimal integer")).ToList();
        var paths = proofs.Select((p, i) => (p ?? []).Count > 64 ? [] : (p ?? []).Select(h => Bytes32(h) ?? Array.Empty<byte>()).ToList()).ToList();
        if (paths.Any(p => p.Any(h => h.Length != 32)) || proofs.Any(p => p is null || p.Count > 64))
        {
            problems.Add("proofs: each a list of at most 64 hashes, 0x and 64 hex digits");
        }

        var recipient = request.Recipient ?? caller;
        if (!AddressUtil.Current.IsValidEthereumAddressHexFormat(recipient))
        {
            problems.Add($"recipient: '{recipient}' is not an address");
        }

        if (!BigInteger.TryParse(request.Nonce, NumberStyles.None, CultureInfo.InvariantCulture, out var nonce))
        {
            problems.Add("nonce: your nonce on the market, a decimal integer");
        }

        if (!BigInteger.TryParse(request.Deadline, NumberStyles.None, CultureInfo.InvariantCulture, out var deadline))
        {
            problems.Add("deadline: Unix seconds");
        }

        if (string.IsNullOrWhiteSpace(request.Signature))
        {
            problems.Add("signature: the EIP-712 Claim authorization, 0x hex");
        }

        if (problems.Count > 0)
        {
            throw new ProblemException(ApiProblem.BadRequest(problems));
        }

        return new ClaimWithSigFunction
        {
            VersionIds = [.. versions.Select(v => new BigInteger(v))],
            Account = caller,
            Shares = units,
            Proofs = paths,
            Auth = new ClaimAuthorization
            {
                Recipient = recipient,
                NonceValue = nonce,
                Deadline = deadline,
                Signature = PersonalSign.Bytes(request.Signature!) ?? [],
            },
        };
    }

    private static BigInteger Problem(List<string> problems, string problem)
    {
        problems.Add(problem);
        return BigInteger.Zero;
    }

    private static byte[]? Bytes32(string? hex) =>
        hex is { Length: 66 } && hex.StartsWith("0x", StringComparison.Ordinal) && hex.AsSpan(2).IndexOfAnyExcept("0123456789abcdefABCDEF") < 0
            ? Convert.FromHexString(hex.AsSpan(2))
            : null;
}

/// <summary>Body of <c>POST /api/v1/me/claims</c>: a co-owner's signed claim for the node to send.</summary>
/// <param name="VersionIds">The versions, in the order the authorization's <c>versionsHash</c> covers.</param>
/// <param name="Shares">The co-owner's units in each (decimal strings).</param>
/// <param name="Proofs">The shares proof of each (0x hashes).</param>
/// <param name="Recipient">Who is paid; default the co-owner.</param>
/// <param name="Nonce">The co-owner's nonce on the market (decimal).</param>
/// <param name="Deadline">Last valid second of the authorization (Unix time, decimal).</param>
/// <param name="Signature">The EIP-712 <c>Claim</c> signature, 0x hex.</param>
public sealed record RelayClaimRequest(
    IReadOnlyList<long>? VersionIds, IReadOnlyList<string>? Shares, IReadOnlyList<IReadOnlyList<string>?>? Proofs, string? Recipient, string? Nonce, string? Deadline, string? Signature);
