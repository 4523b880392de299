using DataUnion.Chain.Connection;
using DataUnion.Chain.Signing;
using DataUnion.Node.Apis.Problems;

namespace DataUnion.Node.Security;

/// <summary>
/// Asks the chain whether an address is a contract wallet that accepts a signature (ERC-1271),
/// for sign-in and consent when the signature is not the address's own key's.
/// </summary>
internal static class ContractWallets
{
    /// <summary>True when <paramref name="address"/> holds code whose <c>isValidSignature</c> accepts <paramref name="signature"/> over <paramref name="hash"/>.</summary>
    /// <exception cref="ProblemException">503 when the chain cannot be asked.</exception>
    public static async Task<bool> AcceptAsync(ChainConnection chain, string address, byte[] hash, byte[] signature, CancellationToken cancellationToken)
    {
        if (!chain.IsEstablished)
        {
            throw new ProblemException(ApiProblem.Unavailable("Chain not ready", "the signature is not the key's, and the chain that would say whether a contract wallet accepts it is still coming up"));
        }

        try
        {
            return await ContractSignatures.IsContractAsync(chain.Web3, address, cancellationToken)
                && await ContractSignatures.IsValidAsync(chain.Web3, address, hash, signature, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ProblemException)
        {
            throw new ProblemException(ApiProblem.Unavailable("Chain unavailable", $"the signature is not the key's, and the chain cannot be asked whether a contract wallet accepts it: {ex.Message}"));
        }
    }
}
