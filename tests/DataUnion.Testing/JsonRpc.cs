using System.Net.Http.Json;
using System.Text.Json;

namespace DataUnion.Testing;

/// <summary>Raw JSON-RPC calls for test control methods (evm_snapshot, evm_revert, evm_mine).</summary>
public static class JsonRpc
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static async Task<JsonElement> CallAsync(string url, string method, params object[] parameters)
    {
        using var response = await Http.PostAsJsonAsync(url, new { jsonrpc = "2.0", id = 1, method, @params = parameters });
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        if (document.RootElement.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"{method} failed: {error}");
        }

        return document.RootElement.GetProperty("result").Clone();
    }
}
