using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DataUnion.Node.Tests.Contributions;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;
using DataUnion.Web.Tests.Support;
using Microsoft.Playwright;

namespace DataUnion.Web.Tests;

[Collection(HardhatChainCollection.Name)]
public sealed class OperatorSessionTests(HardhatChainFixture chain, BrowserFixture browser) : BrowserTests(chain, browser)
{
    [Fact]
    public async Task Operator_SignsInOnce_WithAnHttpOnlyStrictCookie_AndTheTokenIsNotKept()
    {
        await using var web = await OpenAsync(WebSession.MemberKeys[0]);
        await SignInAsOperatorAsync(web, Node.Node);

        await Assertions.Expect(web.Page.Locator("article.domain[data-domain=faces]")).ToContainTextAsync("Classes: face");
        await Assertions.Expect(web.Page.Locator("#indexer")).ToContainTextAsync("block");
        await Assertions.Expect(web.Page.Locator("#pins")).ToContainTextAsync("whole");
        await Assertions.Expect(web.Page.Locator("#block-bytes")).ToContainTextAsync("GiB free");
        var cookie = Assert.Single(await web.Context.CookiesAsync(), c => c.Name == "dataunion_operator");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        var token = File.ReadAllText(Node.Node.OperatorTokenFile).Trim();
        var stored = await web.Page.EvaluateAsync<string>("() => document.cookie + JSON.stringify(sessionStorage) + JSON.stringify(localStorage) + document.documentElement.outerHTML");
        Assert.DoesNotContain(token, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(cookie.Value, stored, StringComparison.Ordinal);
        await web.AssertAccessibleAsync();
        await web.ScreenshotAsync("operator");

        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await web.Page.Locator("#operator-signin").WaitForAsync();
        using var after = new HttpRequestMessage(HttpMethod.Get, "/api/v1/node");
        after.Headers.Add("Cookie", $"dataunion_operator={cookie.Value}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Node.Node.Http.SendAsync(after)).StatusCode);
    }

    [Fact]
    public async Task Operator_CreatesADomain_AndAddsAGoldItemByDrawingTheExpertsBoxes()
    {
        await using var web = await OpenAsync(WebSession.MemberKeys[0]);
        await SignInAsOperatorAsync(web, Node.Node);
        await web.Page.GetByText("Create or change a domain").ClickAsync();
        await web.Page.Locator("#domain-name").FillAsync("hands");
        await web.Page.Locator("#domain-classes").FillAsync("hand: 2");
        await web.Page.Locator("#save-domain").ClickAsync();
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("write a class and an IoU between 0 and 1");
        await web.Page.Locator("#domain-classes").FillAsync("hand: 0.6, face: 0.5");
        await web.Page.Locator("#save-domain").ClickAsync();
        await web.Page.Locator("article.domain[data-domain=hands]").WaitForAsync();
        var hands = await OperatorJsonAsync("/api/v1/labeling/domains");
        var created = hands.EnumerateArray().Single(d => d.GetProperty("domain").GetProperty("name").GetString() == "hands");
        Assert.Equal(0.6, created.GetProperty("domain").GetProperty("classes").GetProperty("hand").GetDouble());

        var faces = web.Page.Locator("article.domain[data-domain=faces]");
        await faces.GetByText("Add a gold item").ClickAsync();
        await web.Page.Locator("#gold-file-faces").SetInputFilesAsync(new FilePayload { Name = "expert.png", MimeType = "image/png", Buffer = Png(400, 300) });
        await web.Page.Locator("canvas.board").WaitForAsync();
        await web.DragOnCanvasAsync((100, 80), (180, 170));
        await web.Page.Locator("#save-gold-faces").ClickAsync();
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Gold item added to faces");

        var domains = await OperatorJsonAsync("/api/v1/labeling/domains");
        Assert.Equal(1, domains.EnumerateArray().Single(d => d.GetProperty("domain").GetProperty("name").GetString() == "faces").GetProperty("gold").GetInt32());
    }

    [Fact]
    public async Task Storage_CountsPinsByHolder_AndTheBlocksOnDisk_ForTheOperatorOnly()
    {
        await Node.PinAsync("storage-photo");
        var storage = await OperatorJsonAsync("/api/v1/storage");

        Assert.Equal(1, storage.GetProperty("pinsByHolder").GetProperty("rpc").GetInt32());
        Assert.Equal(1, storage.GetProperty("recursivePins").GetInt32());
        Assert.True(storage.GetProperty("blockBytes").GetInt64() >= 3000);
        Assert.True(storage.GetProperty("freeBytes").GetInt64() > 0);
        Assert.Empty(storage.GetProperty("targets").EnumerateArray());
        using var anonymous = await Node.Node.Http.GetAsync(new Uri("/api/v1/storage", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task OnAPhone_TheOperatorPageFitsItsWidth()
    {
        await using var web = await OpenAsync(WebSession.MemberKeys[0], width: 375);
        await SignInAsOperatorAsync(web, Node.Node);
        await web.Page.Locator("article.domain").WaitForAsync();
        await web.AssertFitsWidthAsync();
    }

    [Fact]
    public async Task WrongToken_IsRefused_AndAMemberSessionNeverReachesOperatorPages()
    {
        await using var web = await OpenAsync(WebSession.MemberKeys[0]);
        await web.GoAsync("contribute");
        await web.SignInAsync();
        using var asMember = new HttpRequestMessage(HttpMethod.Get, "/api/v1/node");
        asMember.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await web.SessionTokenAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Node.Node.Http.SendAsync(asMember)).StatusCode);

        await web.GoAsync("operator");
        await web.Page.Locator("#operator-token").FillAsync("not-the-token");
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in as operator" }).ClickAsync();
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("the operator token is wrong");
        Assert.Equal(1, await web.Page.Locator("#operator-signin").CountAsync());
        Assert.Empty(await web.Context.CookiesAsync());
    }

    [Fact]
    public async Task CookieRequestsThatChangeSomething_NeedTheCsrfToken_AndTheNodesOrigin()
    {
        var token = File.ReadAllText(Node.Node.OperatorTokenFile).Trim();
        using var signIn = await Node.Node.Http.PostAsJsonAsync(new Uri("/api/v1/operator/session", UriKind.Relative), new { token });
        signIn.EnsureSuccessStatusCode();
        var csrf = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("csrf").GetString()!;
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        Assert.Contains("httponly", signIn.Headers.GetValues("Set-Cookie").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", signIn.Headers.GetValues("Set-Cookie").Single(), StringComparison.OrdinalIgnoreCase);
        const string Path = "/api/v1/labeling/domains/faces/labelers/0x0000000000000000000000000000000000000001/suspension";

        async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, string? csrfHeader, string? origin)
        {
            using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Get ? null : JsonContent.Create(new { days = 1, reason = "test" }) };
            request.Headers.Add("Cookie", cookie);
            if (csrfHeader is not null)
            {
                request.Headers.Add("X-CSRF-Token", csrfHeader);
            }

            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }

            using var response = await Node.Node.Http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/v1/node", null, null)).Status);
        var noCsrf = await SendAsync(HttpMethod.Post, Path, null, null);
        Assert.Equal(HttpStatusCode.Unauthorized, noCsrf.Status);
        Assert.Contains("needs the session's X-CSRF-Token header", noCsrf.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Post, Path, "wrong", null)).Status);
        var elsewhere = await SendAsync(HttpMethod.Post, Path, csrf, "http://attacker.example");
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.Status);
        Assert.Contains("not from this node's origin", elsewhere.Body, StringComparison.Ordinal);
        var allowed = await SendAsync(HttpMethod.Post, Path, csrf, Node.Node.BaseUrl.GetLeftPart(UriPartial.Authority));
        Assert.NotEqual(HttpStatusCode.Unauthorized, allowed.Status);
        Assert.NotEqual(HttpStatusCode.Forbidden, allowed.Status);
    }

    private async Task<JsonElement> OperatorJsonAsync(string path)
    {
        using var request = Node.Node.OperatorRequest(HttpMethod.Get, path);
        using var response = await Node.Node.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SkiaSharp.SKBitmap(width, height);
        using (var canvas = new SkiaSharp.SKCanvas(bitmap))
        {
            canvas.Clear(new SkiaSharp.SKColor(50, 80, 120));
        }

        using var png = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    internal static async Task SignInAsOperatorAsync(WebSession web, RunningNode node)
    {
        await web.GoAsync("operator");
        await web.Page.Locator("#operator-token").FillAsync(File.ReadAllText(node.OperatorTokenFile).Trim());
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in as operator" }).ClickAsync();
        await web.Page.GetByText("Signed in as the operator").WaitForAsync();
    }
}

[Collection(HardhatChainCollection.Name)]
public sealed class OperatorDashboardTests(HardhatChainFixture chain, BrowserFixture browser) : BrowserTests(chain, browser)
{
    protected override string[] NodeSettings => ["--Labeling:MinSecondsPerItem=0"];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await FinishedContributions.CreateAsync(Node);
    }

    [Fact]
    public async Task Operator_BuildsAndPublishesAVersion_FromThePage()
    {
        await using var web = await OpenAsync(WebSession.MemberKeys[0]);
        await OperatorSessionTests.SignInAsOperatorAsync(web, Node.Node);
        await web.Page.Locator("#build-price").FillAsync("2500");
        await web.Page.Locator("#build").ClickAsync();
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Draft of faces built");
        var draft = web.Page.Locator("tr[data-state=draft]");
        await Assertions.Expect(draft).ToContainTextAsync("2500");
        await web.Page.GetByRole(AriaRole.Button, new() { Name = "Publish faces" }).ClickAsync();

        // The indexer sees the version on chain, and the page shows it published.
        var seen = string.Empty;
        for (var waited = 0; waited < 120 && await web.Page.Locator("tr[data-state=published]").CountAsync() == 0; waited++)
        {
            await Task.Delay(500);
            await web.Page.ReloadAsync();
            await web.Page.WaitForSelectorAsync("body[data-ready=true]");
            await web.Page.Locator("table.versions, #versions").First.WaitForAsync();
            seen = await web.Page.Locator("table.versions").InnerTextAsync() + " / status: " + await web.Page.Locator("#status").InnerTextAsync();
        }

        Assert.True(await web.Page.Locator("tr[data-state=published]").CountAsync() == 1, $"the versions table shows: {seen}");
        await web.ScreenshotAsync("operator-dashboard");
        var versions = JsonDocument.Parse(await Node.Node.Http.GetStringAsync(new Uri("/api/v1/versions", UriKind.Relative))).RootElement;
        Assert.Contains(versions.EnumerateArray(), v => v.GetProperty("price").GetString() == "2500" && v.GetProperty("imageCount").GetInt32() == 3);
    }

    [Fact]
    public async Task Operator_SuspendsAndLiftsALabeler_FromThePage()
    {
        var labeler = FinishedContributions.Labelers[1].GetPublicAddress();
        await using var web = await OpenAsync(WebSession.MemberKeys[0]);
        await OperatorSessionTests.SignInAsOperatorAsync(web, Node.Node);
        var row = web.Page.Locator($"tr[data-labeler='{labeler}' i]");
        await row.Locator("input").FillAsync("boxes drawn at random");
        await row.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(web.Page.Locator($"tr[data-labeler='{labeler}' i] .standing")).ToHaveTextAsync("Suspended (suspended by the operator: boxes drawn at random)");

        await web.Page.Locator($"tr[data-labeler='{labeler}' i]").GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(web.Page.Locator($"tr[data-labeler='{labeler}' i] .standing")).ToHaveTextAsync("Active (suspension lifted by the operator)");
    }
}
