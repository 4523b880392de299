using System.Net.Http.Headers;
using DataUnion.Chain.Signing;
using Nethereum.Signer;

namespace DataUnion.Cli;

/// <summary>Signs a member's wallet in to a node with Sign-In with Ethereum (EIP-4361) and holds the session.</summary>
internal static class MemberSession
{
    /// <summary>A client of <paramref name="api"/> carrying the session of <paramref name="key"/>, signed in for <paramref name="chainId"/>.</summary>
    public static async Task<NodeRpcClient> SignInAsync(Uri api, EthECKey key, long chainId, string statement, CancellationToken cancellationToken)
    {
        using var anonymous = NodeRpcClient.CreatePublic(api);
        var nonce = (await anonymous.JsonAsync(HttpMethod.Post, "api/v1/auth/nonce", null, cancellationToken).ConfigureAwait(false)).GetProperty("nonce").GetString()!;
        var now = TimeProvider.System.GetUtcNow();
        var message = new SiweMessage(
            api.Authority, key.GetPublicAddress(), statement, api.ToString(), chainId, nonce, now, ExpirationTime: now.AddMinutes(30)).ToString();
        var session = await anonymous.JsonAsync(HttpMethod.Post, "api/v1/auth/siwe", new { message, signature = PersonalSign.Sign(message, key) }, cancellationToken).ConfigureAwait(false);
        return NodeRpcClient.CreateWithToken(api, session.GetProperty("token").GetString()!);
    }
}
