using System.Numerics;
using Nethereum.Model;
using Nethereum.Signer;
using Nethereum.Util;
using Account = Nethereum.Web3.Accounts.Account;

namespace DataUnion.Chain.Outbox;

/// <summary>Signs the outbox's EIP-1559 transactions offline with the operator key; the key never leaves this object.</summary>
public sealed class TransactionSigner
{
    private readonly string _privateKey;
    private readonly Transaction1559Signer _signer = new();

    /// <summary>Creates a signer for <paramref name="account"/> on <paramref name="chainId"/>.</summary>
    public TransactionSigner(Account account, long chainId)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chainId);
        _privateKey = account.PrivateKey;
        Address = account.Address;
        ChainId = chainId;
    }

    /// <summary>The sender address (checksummed).</summary>
    public string Address { get; }

    /// <summary>The chain id every transaction is bound to (EIP-155).</summary>
    public long ChainId { get; }

    /// <summary>Signs a type-2 transaction; returns the raw transaction and its hash (both 0x-hex).</summary>
    public (string Raw, string Hash) Sign(long nonce, BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas, BigInteger gasLimit, string to, BigInteger value, string data)
    {
        var transaction = new Transaction1559(ChainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, null);
        var raw = _signer.SignTransaction(_privateKey, transaction);
        var hex = raw.StartsWith("0x", StringComparison.Ordinal) ? raw : "0x" + raw;
        return (hex, "0x" + Sha3Keccack.Current.CalculateHashFromHex(hex));
    }

    /// <inheritdoc />
    public override string ToString() => $"signer for {Address} on chain {ChainId}";
}
