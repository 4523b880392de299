using System.Net.Http.Headers;
using System.Text.Json;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Testing;
using DataUnion.Web.Tests.Support;
using Microsoft.Playwright;

namespace DataUnion.Web.Tests;

[Collection(HardhatChainCollection.Name)]
public sealed class ContributeTests(HardhatChainFixture chain, BrowserFixture browser) : BrowserTests(chain, browser)
{

    [Fact]
    public async Task Contributor_DropsPhotos_SignsTheConsent_AndSeesThemInLabeling()
    {
        await using var web = await SignedInAsync();
        await web.Page.Locator("fieldset.attributes select").First.SelectOptionAsync(new SelectOptionValue { Index = 1 });
        var declared = await web.Page.Locator("fieldset.attributes select").First.InputValueAsync();
        var attribute = await web.Page.Locator("fieldset.attributes select").First.GetAttributeAsync("name");

        await web.DropFilesAsync("drop", ("park.jpg", "image/jpeg", Photo("park")), ("market.jpg", "image/jpeg", Photo("market")),
            ("notes.txt", "text/plain", "not a photo"u8.ToArray()), ("broken.jpg", "image/jpeg", DeterministicBytes.Generate("broken", 2000)));
        var refused = web.Page.Locator("li[data-state=refused]");
        Assert.Contains("notes.txt", await refused.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("not a JPEG, PNG or WebP photo", await refused.InnerTextAsync(), StringComparison.Ordinal);

        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Upload and sign consent" }).ClickAsync();
        await Assertions.Expect(web.Page.Locator("li[data-state=done]")).ToHaveCountAsync(2);
        var failed = web.Page.Locator("li[data-state=failed]");
        Assert.Contains("broken.jpg", await failed.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("refused by the node:", await failed.InnerTextAsync(), StringComparison.Ordinal);
        await Assertions.Expect(web.Page.Locator("table.photos td.status", new() { HasText = "consented, in labeling" })).ToHaveCountAsync(2);

        var mine = await ContributionsAsync(web);
        Assert.Equal(2, mine.Count);
        Assert.All(mine, c =>
        {
            Assert.Equal("in-labeling", c.GetProperty("status").GetString());
            Assert.Equal("eoa", c.GetProperty("consent").GetProperty("signer").GetString());
            Assert.Equal(declared, c.GetProperty("attributes").GetProperty(attribute!).GetString());
        });
        Assert.Equal(2, web.Wallet.Requests.Count(r => r == "eth_signTypedData_v4"));
        await web.AssertAccessibleAsync();
        await web.ScreenshotAsync("contribute");
    }

    [Fact]
    public async Task DeclinedConsent_LeavesThePhotoWaiting_UntilItIsSignedFromTheList()
    {
        await using var web = await SignedInAsync();
        web.Wallet.DeclineNext("eth_signTypedData_v4");
        await web.DropFilesAsync("drop", ("park.jpg", "image/jpeg", Photo("park")));
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Upload and sign consent" }).ClickAsync();

        var row = web.Page.Locator("li[data-state=unsigned]");
        await row.WaitForAsync();
        Assert.Contains("You declined the consent signature in your wallet; nothing was sent.", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("awaiting-consent", Assert.Single(await ContributionsAsync(web)).GetProperty("status").GetString());

        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Sign consent", Exact = true }).ClickAsync();
        await Assertions.Expect(web.Page.Locator("table.photos td.status")).ToHaveTextAsync("consented, in labeling");
        Assert.Equal("in-labeling", Assert.Single(await ContributionsAsync(web)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Withdraw_AsksForConfirmation_ThenTakesThePhotoOut()
    {
        await using var web = await SignedInAsync();
        await web.DropFilesAsync("drop", ("park.jpg", "image/jpeg", Photo("park")));
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Upload and sign consent" }).ClickAsync();
        await web.Page.Locator("li[data-state=done]").WaitForAsync();

        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Withdraw" }).ClickAsync();
        Assert.Equal("in-labeling", Assert.Single(await ContributionsAsync(web)).GetProperty("status").GetString());
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Confirm withdrawal" }).ClickAsync();

        await Assertions.Expect(web.Page.Locator("table.photos td.status")).ToHaveTextAsync("withdrawn");
        Assert.Equal("withdrawn", Assert.Single(await ContributionsAsync(web)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task OnAPhone_ThePageFitsItsWidth_AndStaysAccessible()
    {
        await using var web = await SignedInAsync(width: 375);
        await web.DropFilesAsync("drop", ("park.jpg", "image/jpeg", Photo("park")));
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Upload and sign consent" }).ClickAsync();
        await web.Page.Locator("table.photos td.status", new() { HasText = "consented, in labeling" }).WaitForAsync();

        await web.AssertFitsWidthAsync();
        await web.AssertAccessibleAsync();
        await web.ScreenshotAsync("contribute-375");
    }

    [Fact]
    public async Task LostConnection_SaysTheNodeCannotBeReached_AndUploadsNothing()
    {
        await using var web = await SignedInAsync();
        await web.DropFilesAsync("drop", ("park.jpg", "image/jpeg", Photo("park")));
        await web.Context.SetOfflineAsync(true);
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Upload and sign consent" }).ClickAsync();

        var row = web.Page.Locator("li[data-state=failed]");
        await row.WaitForAsync();
        Assert.Contains("The node cannot be reached", await row.InnerTextAsync(), StringComparison.Ordinal);
        await web.Context.SetOfflineAsync(false);
        Assert.Empty(await ContributionsAsync(web));
        Assert.DoesNotContain("eth_signTypedData_v4", web.Wallet.Requests);
    }

    private async Task<WebSession> SignedInAsync(int width = 1280)
    {
        var web = await OpenAsync(WebSession.MemberKeys[1], width);
        await web.GoAsync("contribute");
        await web.SignInAsync();
        await web.Page.Locator("#drop").WaitForAsync();
        return web;
    }

    private static byte[] Photo(string name) => File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "photos", name + ".jpg"));

    private async Task<List<JsonElement>> ContributionsAsync(WebSession web)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/contributions");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await web.SessionTokenAsync());
        using var response = await Node.Node.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone())];
    }
}
