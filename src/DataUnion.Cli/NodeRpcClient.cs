using System.Net.Http.Headers;
using System.Text.Json;

namespace DataUnion.Cli;

/// <summary>
/// An authenticated client of a node's API. Failures become <see cref="CliFailureException"/>
/// carrying the node's own explanation (kubo error or problem details).
/// </summary>
internal sealed class NodeRpcClient : IDisposable
{
    private readonly HttpClient _http;

    private NodeRpcClient(HttpClient http, Uri api)
    {
        _http = http;
        Api = api;
    }

    public Uri Api { get; }

    public static NodeRpcClient Create(NodeConnection connection)
    {
        var (token, tokenError) = connection.ResolveToken();
        if (token is null)
        {
            throw new CliFailureException(tokenError!);
        }

        // Adds of large files stream for as long as they take; the node bounds request sizes.
        var http = new HttpClient { BaseAddress = connection.ApiUrl, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new NodeRpcClient(http, connection.ApiUrl);
    }

    /// <summary>A client carrying a bearer token (a member's session).</summary>
    public static NodeRpcClient CreateWithToken(Uri api, string token)
    {
        ArgumentNullException.ThrowIfNull(api);
        var http = new HttpClient { BaseAddress = api, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new NodeRpcClient(http, api);
    }

    /// <summary>A client of the node's public endpoints: no operator token.</summary>
    public static NodeRpcClient CreatePublic(Uri api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return new NodeRpcClient(new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) }, api);
    }

    /// <summary>POSTs to <paramref name="path"/>; returns the response once headers arrive, or throws with the node's error.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, HttpContent? content, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, content, cancellationToken);

    /// <summary>Sends a request and returns the JSON answer, or throws with the node's error.</summary>
    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, body is null ? null : System.Net.Http.Json.JsonContent.Create(body), cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new CliFailureException($"the node at {Api} answered {path} with something that is not JSON: {ex.Message}");
        }
    }

    /// <summary>Sends a request; returns the response once headers arrive, or throws with the node's error.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CliFailureException($"the node at {Api} did not answer: {ex.Message}");
        }

        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            response.Dispose();
            throw new CliFailureException($"the node answered {(int)response.StatusCode}: {Explain(body)}");
        }

        return response;
    }

    /// <summary>Reads a newline-delimited JSON answer line by line.</summary>
    public static async IAsyncEnumerable<JsonElement> ReadLinesAsync(HttpResponseMessage response, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0)
            {
                using var document = JsonDocument.Parse(line);
                yield return document.RootElement.Clone();
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static string Explain(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.TryGetProperty("Message", out var message))
            {
                return message.GetString() ?? body;
            }

            if (root.TryGetProperty("title", out var title))
            {
                return root.TryGetProperty("detail", out var detail) ? $"{title.GetString()}. {detail.GetString()}" : title.GetString() ?? body;
            }
        }
        catch (JsonException)
        {
            // Not JSON: show it as it came.
        }

        return body;
    }
}
