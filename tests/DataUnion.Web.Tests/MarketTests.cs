using System.Net.Http.Headers;
using System.Numerics;
using System.Text.Json;
using DataUnion.Cli.Tests;
using DataUnion.Core.Deployment;
using DataUnion.Node.Tests.Contributions;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;
using DataUnion.Web.Tests.Support;
using Microsoft.Playwright;
using Nethereum.Web3;
using Market = DataUnion.Chain.Contracts.DatasetMarket;

namespace DataUnion.Web.Tests;

/// <summary>A published version of three labeled photos: buyers buy and download it, co-owners claim from it.</summary>
[Collection(HardhatChainCollection.Name)]
public sealed class MarketTests(HardhatChainFixture chain, BrowserFixture browser) : BrowserTests(chain, browser)
{
    private const long Price = 1000;
    private FinishedContributions _finished = null!;
    private long _version;

    protected override string[] NodeSettings => ["--Labeling:MinSecondsPerItem=0"];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _finished = await FinishedContributions.CreateAsync(Node);
        _version = await MarketSetup.PublishAsync(Node, Price.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Buyer_BuysWithAPermit_AndDownloadsACarCheckedAgainstTheChain()
    {
        var (web, before) = await FundedBuyerAsync();
        await using var _ = web;

        var card = web.Page.Locator($"li[data-version='{_version}']");
        await Assertions.Expect(card).ToContainTextAsync("faces, version");
        await Assertions.Expect(card).ToContainTextAsync("face (3 boxes)");
        await Assertions.Expect(card.Locator(".price")).ToHaveTextAsync("0.000000000000001 DUT"); // 1000 units of an 18-decimal token
        await web.ScreenshotAsync("buy");
        await card.GetByRole(AriaRole.Button, new() { Name = $"Buy version {_version}" }).ClickAsync();
        await OutcomeAsync(web, "#buy-panel", $"You bought version {_version}");

        Assert.Equal(before - Price, await MarketSetup.BalanceAsync(Chain, web.Wallet.Address));
        Assert.True(await HasPurchasedAsync(web.Wallet.Address));
        Assert.Equal(1, web.Wallet.Requests.Count(r => r == "eth_signTypedData_v4"));
        Assert.Equal(1, web.Wallet.Requests.Count(r => r == "eth_sendTransaction"));
        await Assertions.Expect(web.Page.Locator("ol.steps li[data-state=mined]")).ToHaveCountAsync(2);

        await web.Page.GetByRole(AriaRole.Button, new() { Name = $"Download version {_version}" }).ClickAsync();
        var save = web.Page.Locator("#save-car");
        await save.WaitForAsync(new() { Timeout = 60_000 });
        var download = await web.Page.RunAndWaitForDownloadAsync(() => save.ClickAsync());
        var saved = Path.Combine(BrowserFixture.ArtifactsDirectory, $"version-{_version}.car");
        await download.SaveAsAsync(saved);
        Assert.Equal(await NodeCarAsync(await web.SessionTokenAsync()), await File.ReadAllBytesAsync(saved));
        Assert.Contains("root", await web.Page.Locator("#buy-panel").InnerTextAsync(), StringComparison.Ordinal);
        await web.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Buyer_WithoutEnoughTokens_IsToldAndNothingIsSigned()
    {
        await using var web = await OpenAsync(WebSession.MemberKeys[4]);
        await web.GoAsync("buy");
        await web.SignInAsync();
        await web.Page.GetByRole(AriaRole.Button, new() { Name = $"Buy version {_version}" }).ClickAsync();

        var alert = web.Page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("is below the price");
        Assert.DoesNotContain("eth_signTypedData_v4", web.Wallet.Requests);
        Assert.DoesNotContain("eth_sendTransaction", web.Wallet.Requests);
        Assert.False(await HasPurchasedAsync(web.Wallet.Address));
    }

    [Fact]
    public async Task Buyer_WhenTheMarketWouldRevert_SeesTheContractsReason_AndNothingIsSent()
    {
        var (web, before) = await FundedBuyerAsync();
        await using var _ = web;
        var operatorWeb3 = new Web3(new Nethereum.Web3.Accounts.Account(RunningNode.OperatorPrivateKey, Chain.ChainId), Chain.RpcUrl);
        await operatorWeb3.Eth.GetContractTransactionHandler<Market.PauseFunction>().SendRequestAndWaitForReceiptAsync(await MarketAsync(), new Market.PauseFunction());
        try
        {
            await web.Page.GetByRole(AriaRole.Button, new() { Name = $"Buy version {_version}" }).ClickAsync();
            var outcome = web.Page.Locator("#buy-panel .notice");
            await Assertions.Expect(outcome).ToContainTextAsync($"Purchase of version {_version} would fail: EnforcedPause()");
            Assert.DoesNotContain("eth_sendTransaction", web.Wallet.Requests);
            Assert.Equal(before, await MarketSetup.BalanceAsync(Chain, web.Wallet.Address));
        }
        finally
        {
            await operatorWeb3.Eth.GetContractTransactionHandler<Market.UnpauseFunction>().SendRequestAndWaitForReceiptAsync(await MarketAsync(), new Market.UnpauseFunction());
        }
    }

    [Fact]
    public async Task OnAPhone_TheBuyAndSharesPagesFitTheirWidth()
    {
        await using var web = await OpenAsync(WebSession.MemberKeys[0], width: 375);
        await web.GoAsync("buy");
        await web.SignInAsync();
        await web.Page.Locator($"li[data-version='{_version}']").WaitForAsync();
        await web.AssertFitsWidthAsync();
        await web.GoAsync("shares");
        await web.Page.Locator($"tr[data-version='{_version}']").WaitForAsync();
        await web.AssertFitsWidthAsync();
        await web.AssertAccessibleAsync();
    }

    [Fact]
    public async Task CoOwners_ClaimWithTheirWallet_AndWithoutGasThroughTheNode()
    {
        var (buyer, _) = await FundedBuyerAsync();
        await using (buyer)
        {
            await buyer.Page.GetByRole(AriaRole.Button, new() { Name = $"Buy version {_version}" }).ClickAsync();
            await OutcomeAsync(buyer, "#buy-panel", $"You bought version {_version}");
        }

        // A labeler claims from their own wallet.
        var labeler = FinishedContributions.Labelers[0].GetPublicAddress();
        var owed = await ClaimableAsync(labeler);
        Assert.True(owed > 0);
        var before = await MarketSetup.BalanceAsync(Chain, labeler);
        await using (var web = await OpenAsync(WebSession.MemberKeys[0]))
        {
            await web.GoAsync("shares");
            await web.SignInAsync();
            await Assertions.Expect(web.Page.Locator($"tr[data-version='{_version}'] .claimable")).ToContainTextAsync(owed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await web.ScreenshotAsync("shares");
            await web.Page.Locator("#claim").ClickAsync();
            await OutcomeAsync(web, "#claim-panel", "Claimed");
            await web.AssertAccessibleAsync();
        }

        Assert.Equal(before + owed, await MarketSetup.BalanceAsync(Chain, labeler));

        // The contributor has no ETH: the node relays their signed claim and pays the gas.
        var contributor = _finished.Contributor.GetPublicAddress();
        var due = await ClaimableAsync(contributor);
        Assert.True(due > 0);
        Assert.Equal(0, (await new Web3(Chain.RpcUrl).Eth.GetBalance.SendRequestAsync(contributor)).Value);
        await using (var web = await OpenAsync(_finished.Contributor.GetPrivateKey()))
        {
            await web.GoAsync("shares");
            await web.SignInAsync();
            await web.Page.Locator("#claim-relay").ClickAsync();
            await OutcomeAsync(web, "#claim-panel", "Claimed without gas");
            Assert.DoesNotContain("eth_sendTransaction", web.Wallet.Requests);
        }

        Assert.Equal(due, await MarketSetup.BalanceAsync(Chain, contributor));
    }

    [Fact]
    public async Task Auditor_DropsAPhoto_AndSeesEveryCheckPass_OnChainThroughTheWallet()
    {
        var cid = _finished.Cids[1];
        var stored = await StoredBytesAsync(cid);
        await using var web = await OpenAsync(WebSession.MemberKeys[4]);
        await web.GoAsync("audit");
        var connect = web.Page.GetByRole(AriaRole.Button, new() { Name = "Connect Test Wallet" });
        await connect.ClickAsync();
        // Connecting redraws the page: the photo goes to the new one.
        await connect.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await web.Page.Locator("#audit-drop").WaitForAsync();
        await web.DropFilesAsync("audit-drop", ("market.jpg", "image/jpeg", stored));

        var finding = web.Page.Locator($"article.finding[data-version='{_version}']");
        await finding.WaitForAsync();
        Assert.Equal(cid, await web.Page.Locator("#cid").InputValueAsync());
        await Assertions.Expect(web.Page.Locator("#audit-result .notice").First).ToContainTextAsync($"{cid} is in 1 published version");
        Assert.Equal(0, await finding.Locator("li.bad").CountAsync());
        await Assertions.Expect(finding).ToContainTextAsync("the market's verifyImage accepts the proof on chain");
        await Assertions.Expect(finding).ToContainTextAsync("the consent was signed by the contributor");
        Assert.Contains("eth_call", web.Wallet.Requests);
        Assert.DoesNotContain("null", await web.Page.Locator("#wallet").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("personal_sign", web.Wallet.Requests);
        await web.AssertAccessibleAsync();
        await web.ScreenshotAsync("audit");
    }

    [Fact]
    public async Task Auditor_WithoutAWallet_IsToldWhatWasNotChecked_AndBadInputIsNamed()
    {
        await using var web = await OpenAsync(WebSession.MemberKeys[4], width: 375);
        await web.GoAsync("audit");
        await web.Page.Locator("#cid").FillAsync(_finished.Cids[0]);
        await web.Page.Locator("#trace").ClickAsync();
        var finding = web.Page.Locator($"article.finding[data-version='{_version}']");
        await finding.WaitForAsync();
        await Assertions.Expect(finding).ToContainTextAsync("not checked on chain: connect a wallet to ask the market");
        Assert.Equal(0, await finding.Locator("li.bad").CountAsync());
        Assert.Empty(web.Wallet.Requests);
        await web.AssertFitsWidthAsync();

        await web.Page.Locator("#cid").FillAsync("not-a-cid<script>");
        await web.Page.Locator("#trace").ClickAsync();
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That is not a CID");
        Assert.Equal(0, await web.Page.Locator("#audit-result script").CountAsync());

        var unknown = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
        await web.Page.Locator("#cid").FillAsync(unknown);
        await web.Page.Locator("#trace").ClickAsync();
        await Assertions.Expect(web.Page.Locator("#audit-result .notice").First).ToContainTextAsync($"{unknown} is in no published version");
    }

    private async Task<byte[]> StoredBytesAsync(string cid)
    {
        using var request = Node.Node.OperatorRequest(HttpMethod.Post, "/api/v0/cat?arg=" + cid);
        using var response = await Node.Node.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>A buyer holding five times the price, signed in on the buy page, and their balance.</summary>
    private async Task<(WebSession Web, BigInteger Balance)> FundedBuyerAsync()
    {
        await MarketSetup.FundAsync(Chain, new Nethereum.Signer.EthECKey(WebSession.MemberKeys[3]), 5 * Price, ether: false);
        var web = await OpenAsync(WebSession.MemberKeys[3]);
        await web.GoAsync("buy");
        await web.SignInAsync();
        return (web, await MarketSetup.BalanceAsync(Chain, web.Wallet.Address));
    }

    /// <summary>Waits for the flow in <paramref name="panel"/> to end, and fails with what the page said unless it says <paramref name="expected"/>.</summary>
    private static async Task OutcomeAsync(WebSession web, string panel, string expected)
    {
        var outcome = web.Page.Locator($"{panel} .notice");
        await outcome.WaitForAsync(new() { Timeout = 60_000 });
        var text = await outcome.InnerTextAsync();
        Assert.True(text.StartsWith(expected, StringComparison.Ordinal), $"the page said: {text}");
    }

    private async Task<string> MarketAsync() =>
        DeploymentRecordParser.Parse(await File.ReadAllTextAsync(Chain.DeploymentRecordPath)).GetContract("DatasetMarket").Address;

    private async Task<bool> HasPurchasedAsync(string buyer) =>
        await new Web3(Chain.RpcUrl).Eth.GetContractQueryHandler<Market.HasPurchasedFunction>()
            .QueryAsync<bool>(await MarketAsync(), new Market.HasPurchasedFunction { Buyer = buyer, VersionId = _version });

    private async Task<BigInteger> ClaimableAsync(string account)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/labeling/domains/faces/shares?versionId=" + _version);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Node.Node.OperatorTokenFile).Trim());
        using var response = await Node.Node.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var units = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("owners").EnumerateArray()
            .First(o => string.Equals(o.GetProperty("account").GetString(), account, StringComparison.OrdinalIgnoreCase)).GetProperty("shares").GetInt64();
        return await new Web3(Chain.RpcUrl).Eth.GetContractQueryHandler<Market.ClaimableFunction>()
            .QueryAsync<BigInteger>(await MarketAsync(), new Market.ClaimableFunction { VersionId = _version, Account = account, Shares = units });
    }

    private async Task<byte[]> NodeCarAsync(string session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/versions/{_version}/car");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);
        using var response = await Node.Node.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }
}
