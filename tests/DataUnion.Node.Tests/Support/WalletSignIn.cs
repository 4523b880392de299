using System.Net.Http.Json;
using System.Text.Json;
using DataUnion.Chain.Signing;
using DataUnion.Testing;
using Nethereum.Signer;

namespace DataUnion.Node.Tests.Support;

/// <summary>Signs a wallet in to a running node through the real SIWE flow and returns its session token.</summary>
internal static class WalletSignIn
{
    public static async Task<string> SessionAsync(RunningNode node, HardhatChainFixture chain, EthECKey wallet)
    {
        using var nonceResponse = await node.Http.PostAsync(new Uri("/api/v1/auth/nonce", UriKind.Relative), null);
        var nonce = (await nonceResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nonce").GetString()!;
        var now = TimeProvider.System.GetUtcNow();
        var text = new SiweMessage(
            node.Http.BaseAddress!.Authority, wallet.GetPublicAddress(), "Sign in to label images.", node.Http.BaseAddress!.ToString(),
            chain.ChainId, nonce, now, ExpirationTime: now.AddMinutes(30)).ToString();
        using var response = await node.Http.PostAsJsonAsync(new Uri("/api/v1/auth/siwe", UriKind.Relative), new { message = text, signature = PersonalSign.Sign(text, wallet) });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }
}
