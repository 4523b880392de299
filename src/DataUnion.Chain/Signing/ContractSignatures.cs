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
    /// True when the contract at <paramref name="account"/> answers exactly the magic value (as one
    /// 32-byte word: the four bytes, then zeros) for <paramref name="digest"/> and
    /// <paramref name="signature"/>, as OpenZeppelin's SignatureChecker requires. A revert, or any
    /// other answer, is false: a contract that echoes its call data (which starts with the same
    /// four bytes) does not pass.
    /// </summary>
    public static async Task<bool> IsValidAsync(IWeb3 web3, string account, byte[] digest, byte[] signature, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(web3);
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(signature);
        var call = new IsValidSignatureFunction { Hash = digest, Signature = signature };
        string answer;
        try
        {
            answer = await web3.Eth.Transactions.Call.SendRequestAsync(call.CreateCallInput(account)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SmartContractRevertException or RpcResponseException)
        {
            return false;
        }

        return string.Equals(answer, MagicWord, StringComparison.OrdinalIgnoreCase);
    }

    private static readonly string MagicWord = "0x" + Convert.ToHexStringLower(MagicValue) + new string('0', 56);

    [Function("isValidSignature", "bytes4")]
    private sealed class IsValidSignatureFunction : FunctionMessage
    {
        [Parameter("bytes32", "hash", 1)]
        public byte[] Hash { get; set; } = [];

        [Parameter("bytes", "signature", 2)]
        public byte[] Signature { get; set; } = [];
    }
}
