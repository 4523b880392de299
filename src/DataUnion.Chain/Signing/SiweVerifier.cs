namespace DataUnion.Chain.Signing;

/// <summary>
/// Verifies a signed Sign-In with Ethereum message against what the server expects: its domain,
/// the nonce it handed out, the chain, the time window and the EIP-191 signature.
/// </summary>
public static class SiweVerifier
{
    /// <summary>Clock skew tolerated on Issued At and Not Before.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Parses <paramref name="text"/> and checks it; returns the message when every check passes,
    /// else throws <see cref="SignatureException"/> naming the first check that failed.
    /// </summary>
    public static SiweMessage Verify(string text, string signature, string expectedDomain, string expectedNonce, long expectedChainId, DateTimeOffset now)
    {
        var message = CheckFields(text, expectedDomain, expectedNonce, expectedChainId, now);
        var signer = PersonalSign.Recover(text, signature);
        return string.Equals(signer, message.Address, StringComparison.OrdinalIgnoreCase)
            ? message
            : throw new SignatureException($"the signature is by {signer}, not by {message.Address}");
    }

    /// <summary>
    /// As <see cref="Verify"/>, and when the signature is not the address's own key's, asks
    /// <paramref name="contractWallet"/> whether the address is a contract wallet that accepts it
    /// over the message's EIP-191 hash (ERC-1271, as EIP-4361 provides for).
    /// </summary>
    public static async Task<SiweMessage> VerifyAsync(
        string text, string signature, string expectedDomain, string expectedNonce, long expectedChainId, DateTimeOffset now,
        Func<string, byte[], byte[], CancellationToken, Task<bool>> contractWallet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contractWallet);
        var message = CheckFields(text, expectedDomain, expectedNonce, expectedChainId, now);
        string? signer = null;
        SignatureException? failure = null;
        try
        {
            signer = PersonalSign.Recover(text, signature);
        }
        catch (SignatureException ex)
        {
            failure = ex;
        }

        if (signer is not null && string.Equals(signer, message.Address, StringComparison.OrdinalIgnoreCase))
        {
            return message;
        }

        if (PersonalSign.Bytes(signature) is { } bytes && await contractWallet(message.Address, PersonalSign.Hash(text), bytes, cancellationToken).ConfigureAwait(false))
        {
            return message;
        }

        throw failure ?? new SignatureException($"the signature is by {signer}, not by {message.Address} (nor does a contract wallet there accept it)");
    }

    private static SiweMessage CheckFields(string text, string expectedDomain, string expectedNonce, long expectedChainId, DateTimeOffset now)
    {
        var message = SiweMessage.Parse(text);
        if (!string.Equals(message.Domain, expectedDomain, StringComparison.OrdinalIgnoreCase))
        {
            throw new SignatureException($"the message is for the domain '{message.Domain}', not '{expectedDomain}'");
        }

        if (!string.Equals(message.Nonce, expectedNonce, StringComparison.Ordinal))
        {
            throw new SignatureException("the nonce is not the one this server issued");
        }

        if (message.ChainId != expectedChainId)
        {
            throw new SignatureException($"the message is for chain {message.ChainId}, not chain {expectedChainId}");
        }

        if (message.IssuedAt > now + AllowedSkew)
        {
            throw new SignatureException($"the message was issued in the future ({message.IssuedAt:O})");
        }

        if (message.ExpirationTime is { } expires && expires <= now)
        {
            throw new SignatureException($"the message expired at {expires:O}");
        }

        if (message.NotBefore is { } notBefore && notBefore > now + AllowedSkew)
        {
            throw new SignatureException($"the message is not valid before {notBefore:O}");
        }

        return message;
    }
}
