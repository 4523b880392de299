using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DataUnion.Chain.Signing;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;
using Nethereum.Signer;

namespace DataUnion.Node.Tests;

/// <summary>Sign-In with Ethereum through Kestrel: nonce, signed message, session, and every refusal.</summary>
[Collection(HardhatChainCollection.Name)]
public sealed class AuthApiTests(HardhatChainFixture chain) : IAsyncLifetime
{
    private static readonly EthECKey Wallet = new("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");
    private readonly TempDirectory _directory = new();
    private RunningNode _node = null!;

    public async Task InitializeAsync() => _node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path));

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _directory.Dispose();
    }

    private async Task<string> NonceAsync()
    {
        using var response = await _node.Http.PostAsync(new Uri("/api/v1/auth/nonce", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("nonce").GetString()!;
    }

    private SiweMessage Message(string nonce, string? domain = null, long? chainId = null) => new(
        domain ?? _node.Http.BaseAddress!.Authority, Wallet.GetPublicAddress(), "Sign in to label images.", _node.Http.BaseAddress!.ToString(),
        chainId ?? chain.ChainId, nonce, TimeProvider.System.GetUtcNow(), ExpirationTime: TimeProvider.System.GetUtcNow().AddMinutes(30));

    private async Task<HttpResponseMessage> SignInAsync(SiweMessage message, string? signature = null)
    {
        var text = message.ToString();
        return await _node.Http.PostAsJsonAsync(new Uri("/api/v1/auth/siwe", UriKind.Relative), new { message = text, signature = signature ?? PersonalSign.Sign(text, Wallet) });
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _node.Http.SendAsync(request);
    }

    [Fact]
    public async Task SignIn_SignedMessage_OpensASessionForTheWalletOnly()
    {
        using var response = await SignInAsync(Message(await NonceAsync()));
        var session = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var token = session.GetProperty("token").GetString()!;

        using var me = await GetAsync("/api/v1/auth/me", token);
        using var operatorEndpoint = await GetAsync("/api/v1/node", token);
        using var anonymous = await GetAsync("/api/v1/auth/me", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Wallet.GetPublicAddress(), JsonDocument.Parse(await me.Content.ReadAsStringAsync()).RootElement.GetProperty("address").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, operatorEndpoint.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task SignIn_ReplayedMessage_IsRefusedBecauseTheNonceIsUsed()
    {
        var message = Message(await NonceAsync());
        using var first = await SignInAsync(message);
        using var replay = await SignInAsync(message);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("already used", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_EachWrongPart_IsRefusedSayingWhich()
    {
        using var foreignNonce = await SignInAsync(Message("NotIssued12345"));
        using var otherDomain = await SignInAsync(Message(await NonceAsync(), domain: "phishing.example.org"));
        using var otherChain = await SignInAsync(Message(await NonceAsync(), chainId: 1));
        var message = Message(await NonceAsync());
        using var otherSigner = await SignInAsync(message, PersonalSign.Sign(message.ToString(), EthECKey.GenerateKey()));
        using var garbage = await _node.Http.PostAsJsonAsync(new Uri("/api/v1/auth/siwe", UriKind.Relative), new { message = "hello", signature = "0x00" });

        Assert.Contains("not issued by this node", await foreignNonce.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("phishing.example.org", await otherDomain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("for chain 1, not chain 31337", await otherChain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("the signature is by", await otherSigner.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("line 1 must end with", await garbage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.All([foreignNonce, otherDomain, otherChain, otherSigner, garbage], r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
    }

    [Fact]
    public async Task Me_UnknownSessionToken_IsRefused()
    {
        using var response = await GetAsync("/api/v1/auth/me", WalletSessionsToken());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static string WalletSessionsToken() => "dus_" + new string('A', 43);

    [Fact]
    public async Task SignIn_OneWalletOverItsLimit_Is429WithRetryAfter_AndOtherWalletsStillSignIn()
    {
        using var directory = new TempDirectory();
        await using var node = await RunningNode.StartAsync([.. RunningNode.ArgsFor(chain, directory.Path), "--RateLimits:SignInsPerWalletPerMinute=2"]);
        var other = EthECKey.GenerateKey();

        await WalletSignIn.SessionAsync(node, chain, Wallet);
        await WalletSignIn.SessionAsync(node, chain, Wallet);
        using var nonce = await node.Http.PostAsync(new Uri("/api/v1/auth/nonce", UriKind.Relative), null);
        var now = TimeProvider.System.GetUtcNow();
        var text = new SiweMessage(node.Http.BaseAddress!.Authority, Wallet.GetPublicAddress(), "Sign in.", node.Http.BaseAddress!.ToString(), chain.ChainId,
            JsonDocument.Parse(await nonce.Content.ReadAsStringAsync()).RootElement.GetProperty("nonce").GetString()!, now, ExpirationTime: now.AddMinutes(5)).ToString();
        using var third = await node.Http.PostAsJsonAsync(new Uri("/api/v1/auth/siwe", UriKind.Relative), new { message = text, signature = PersonalSign.Sign(text, Wallet) });

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.Contains(Wallet.GetPublicAddress(), await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.StartsWith("dus_", await WalletSignIn.SessionAsync(node, chain, other), StringComparison.Ordinal);
    }
}
