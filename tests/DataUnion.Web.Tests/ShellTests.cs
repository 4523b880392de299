using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Testing;
using DataUnion.Web.Tests.Support;
using Microsoft.Playwright;

namespace DataUnion.Web.Tests;

[Collection(HardhatChainCollection.Name)]
public sealed class ShellTests(HardhatChainFixture chain, BrowserFixture browser) : BrowserTests(chain, browser)
{

    [Fact]
    public async Task Home_IsServedWithAStrictContentSecurityPolicy_AndEveryRequestStaysOnTheNode()
    {
        await using var web = await OpenAsync(WebSession.MemberKeys[0]);
        var requested = new List<string>();
        web.Page.Request += (_, request) => requested.Add(request.Url);
        var response = await web.Page.GotoAsync(Node.Node.BaseUrl.ToString());
        await web.Page.WaitForSelectorAsync("body[data-ready=true]");

        var headers = await response!.AllHeadersAsync();
        Assert.Contains("default-src 'self'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("DENY", headers["x-frame-options"]);
        Assert.Equal(0, await web.Page.Locator("script:not([src])").CountAsync());
        Assert.All(requested, url => Assert.StartsWith(Node.Node.BaseUrl.ToString(), url, StringComparison.Ordinal));
        Assert.Contains(requested, url => url.Contains("/assets/app-", StringComparison.Ordinal));
        Assert.Empty(web.ConsoleErrors);
        await web.AssertAccessibleAsync();
        await web.ScreenshotAsync("home");

        await using var phone = await OpenAsync(WebSession.MemberKeys[0], width: 375);
        await phone.GoAsync();
        await phone.AssertFitsWidthAsync();
    }

    [Fact]
    public async Task Assets_AreCompressed_CachedForeverByTheirHash_AndRevalidatedByETag()
    {
        var page = await Node.Node.Http.GetStringAsync(new Uri("/", UriKind.Relative));
        var script = System.Text.RegularExpressions.Regex.Match(page, "/assets/app-[A-Z0-9]+\\.js").Value;
        Assert.NotEmpty(script);

        using var request = new HttpRequestMessage(HttpMethod.Get, script);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var response = await Node.Node.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("immutable", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        using var again = new HttpRequestMessage(HttpMethod.Get, script);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var revalidated = await Node.Node.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);

        using var missing = await Node.Node.Http.GetAsync(new Uri("/assets/..%2Fappsettings.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task AppConfig_NamesTheOriginChainAndDomains_ForAnyone()
    {
        var config = JsonDocument.Parse(await Node.Node.Http.GetStringAsync(new Uri("/api/v1/app", UriKind.Relative))).RootElement;
        Assert.Equal(Node.Node.BaseUrl.GetLeftPart(UriPartial.Authority), config.GetProperty("origin").GetString());
        Assert.Equal(Chain.ChainId, config.GetProperty("chainId").GetInt64());
        var domain = Assert.Single(config.GetProperty("domains").EnumerateArray());
        Assert.Equal("faces", domain.GetProperty("name").GetString());
        Assert.Equal(["face"], domain.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task SignIn_WithTheInjectedWallet_OpensASessionTheNodeKnows()
    {
        await using var web = await OpenAsync(WebSession.MemberKeys[0]);
        await web.GoAsync("contribute");
        await web.SignInAsync();

        var token = await web.SessionTokenAsync();
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var answer = await Node.Node.Http.SendAsync(me);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(web.Wallet.Address, JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("address").GetString());
        Assert.Equal(["eth_requestAccounts", "eth_chainId", "personal_sign"], web.Wallet.Requests.Where(r => r != "eth_accounts"));
    }

    [Fact]
    public async Task WalletOnAnotherChain_IsToldWhichChain_AndSwitchesBeforeSigningIn()
    {
        await using var web = await OpenAsync(WebSession.MemberKeys[0]);
        web.Wallet.ChainId = 1;
        await web.GoAsync("contribute");
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Connect Test Wallet" }).ClickAsync();

        var warning = web.Page.GetByText("Your wallet is on another network");
        await warning.WaitForAsync();
        Assert.Contains($"this data union runs on chain {Chain.ChainId}", await web.Page.Locator(".notice").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("personal_sign", web.Wallet.Requests);

        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Switch network" }).ClickAsync();
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Ethereum" }).ClickAsync();
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).WaitForAsync();
        Assert.Equal(Chain.ChainId, web.Wallet.ChainId);
    }

    [Fact]
    public async Task DeclinedSignIn_SaysSo_AndOpensNoSession()
    {
        await using var web = await OpenAsync(WebSession.MemberKeys[0]);
        await web.GoAsync("contribute");
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Connect Test Wallet" }).ClickAsync();
        web.Wallet.DeclineNext("personal_sign");
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Ethereum" }).ClickAsync();

        await web.Page.GetByRole(AriaRole.Alert).GetByText("You declined the sign-in signature in your wallet; nothing was sent.").WaitForAsync();
        Assert.Null(await web.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('dataunion.session')"));
        Assert.Equal(1, await web.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Ethereum" }).CountAsync());
    }

    [Fact]
    public async Task EndedSession_AsksToSignInAgain()
    {
        await using var web = await OpenAsync(WebSession.MemberKeys[0]);
        await web.GoAsync("contribute");
        await web.SignInAsync();
        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/signout");
        signOut.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await web.SessionTokenAsync());
        (await Node.Node.Http.SendAsync(signOut)).EnsureSuccessStatusCode();

        await web.Page.ReloadAsync();
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Connect Test Wallet" }).ClickAsync();
        await web.Page.GetByText("Your session has ended. Sign in again").WaitForAsync();
        Assert.Null(await web.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('dataunion.session')"));
    }
}
