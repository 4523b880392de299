using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Testing;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;

namespace DataUnion.Node.Tests.Contributions;

/// <summary>A member's side of the contributions API, over real HTTP, and the operator's view of the store.</summary>
internal static class ContributionClient
{
    public static byte[] Photo(string name) => File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "photos", name + ".jpg"));

    public static MultipartFormDataContent Form(string? domain, IEnumerable<(string Name, byte[] Bytes)> files, object? attributes = null)
    {
        var form = new MultipartFormDataContent();
        if (domain is not null)
        {
            form.Add(new StringContent(domain), "domain");
        }

        if (attributes is not null)
        {
            form.Add(new StringContent(JsonSerializer.Serialize(attributes)), "attributes");
        }

        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(part, "file", name);
        }

        return form;
    }

    public static async Task<HttpResponseMessage> SendAsync(LabelingNode node, string? session, HttpMethod method, string path, HttpContent? content = null)
    {
        // Expect: 100-continue, as clients upload large bodies: a body the node refuses from its
        // headers (413) is then never sent, and the refusal is read instead of a reset connection.
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.ExpectContinue = content is not null;
        if (session is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);
        }

        return await node.Node.Http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> UploadAsync(LabelingNode node, string session, params (string Name, byte[] Bytes)[] files) =>
        SendAsync(node, session, HttpMethod.Post, "/api/v1/contributions", Form("faces", files));

    public static async Task<List<JsonElement>> UploadedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    public static Task<HttpResponseMessage> ConsentAsync(LabelingNode node, string session, string cid, string signature) =>
        SendAsync(node, session, HttpMethod.Post, $"/api/v1/contributions/{cid}/consent", JsonContent.Create(new { signature }));

    /// <summary>A new member signs in, uploads one photo with <paramref name="attributes"/> and signs its consent; returns the session and the CID.</summary>
    public static async Task<(string Session, string Cid)> ContributeAsync(LabelingNode node, string fileName, byte[] photo, object? attributes)
    {
        var contributor = EthECKey.GenerateKey();
        var session = await node.SignInAsync(contributor);
        using var upload = await SendAsync(node, session, HttpMethod.Post, "/api/v1/contributions", Form("faces", [(fileName, photo)], attributes));
        var item = Assert.Single(await UploadedAsync(upload));
        var cid = item.GetProperty("cid").GetString()!;
        var signature = Eip712TypedDataSigner.Current.SignTypedDataV4(item.GetProperty("consent").GetProperty("typedData").GetRawText(), contributor);
        using var consent = await ConsentAsync(node, session, cid, signature);
        consent.EnsureSuccessStatusCode();
        return (session, cid);
    }

    public static async Task<List<JsonElement>> ListAsync(LabelingNode node, string session)
    {
        using var response = await SendAsync(node, session, HttpMethod.Get, "/api/v1/contributions");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>The CIDs pinned recursively, as kubo's <c>pin ls</c> lists them.</summary>
    public static async Task<HashSet<string>> PinsAsync(LabelingNode node)
    {
        using var response = await node.OperatorAsync(HttpMethod.Post, "/api/v0/pin/ls?type=recursive");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Keys").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
    }

    public static async Task<string> ProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(body).RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? body : body;
    }
}
