using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;
using Nethereum.Web3;

namespace DataUnion.Chain.Signing;

/// <summary>
/// ERC-1271: signatures of contract wallets (multisigs, smart accounts). The wallet's own
/// <c>isValidSignature(hash, signature)</c> decides, and answers the magic value 0x1626ba7e when
/// the signature is good.
/// </summary>
public static class ContractSignatures
{
    /// <summary>The answer of <c>isValidSignature</c> that means valid.</summary>
    public static readonly byte[] MagicValue = [0x16, 0x26, 0xba, 0x7e];

    /// <summary>Whether <paramref name="account"/> has contract code (and so may validate signatures itself).</summary>
    public static async Task<bool> IsContractAsync(IWeb3 web3, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(web3);
        var code = await web3.Eth.GetCode.SendRequestAsync(account).WaitAsync(cancellationToken).ConfigureAwait(false);
        return code is { Length: > 2 } && code != "0x";
    }

    /// <summary>
    /// True when the contract at <paramref name="account"/> answers the magic value for
    /// <paramref name="digest"/> and <paramref name="signature"/>. A revert, or any other answer, is
    /// false: the wallet did not vouch for the signature.
    /// </summary>
    public static async Task<bool> IsValidAsync(IWeb3 web3, string account, byte[] digest, byte[] signature, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(web3);
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(signature);
        try
        {
            var answer = await web3.Eth.GetContractQueryHandler<IsValidSignatureFunction>()
                .QueryAsync<byte[]>(account, new IsValidSignatureFunction { Hash = digest, Signature = signature })
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            return answer is { Length: >= 4 } && answer.AsSpan(0, 4).SequenceEqual(MagicValue);
        }
        catch (Exception ex) when (ex is SmartContractRevertException or RpcResponseException)
        {
            return false;
        }
    }

    [Function("isValidSignature", "bytes4")]
    private sealed class IsValidSignatureFunction : FunctionMessage
    {
        [Parameter("bytes32", "hash", 1)]
        public byte[] Hash { get; set; } = [];

        [Parameter("bytes", "signature", 2)]
        public byte[] Signature { get; set; } = [];
    }
}
