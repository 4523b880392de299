using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Nethereum.JsonRpc.Client;

namespace DataUnion.Chain.Rpc;

public sealed partial class ChainRpc
{
    /// <summary>
    /// <c>eth_getLogs</c>, read straight from the answer's JSON into <see cref="ChainLog"/>s. Logs are
    /// what the indexer reads by the hundred thousand: going through Nethereum's JSON objects cost
    /// about 30 µs of CPU a log, most of the indexer's reading time.
    /// </summary>
    /// <exception cref="ChainRpcException">The call failed after its retries, the node refused it, or the answer is not a list of logs.</exception>
    public Task<ChainLog[]> LogsAsync(LogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var request = new
        {
            jsonrpc = "2.0",
            id = 1,
            method = "eth_getLogs",
            @params = new object[]
            {
                new
                {
                    fromBlock = Quantity(query.From),
                    toBlock = Quantity(query.To),
                    address = query.Addresses,
                    topics = query.Topics,
                },
            },
        };
        return CallAsync("eth_getLogs", () => PostLogsAsync(request, cancellationToken), cancellationToken);
    }

    private async Task<ChainLog[]> PostLogsAsync(object request, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(_url, request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var answer = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        var root = answer.RootElement;
        ThrowIfRefused(root);

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("the answer has no list of logs as its result");
        }

        var logs = new ChainLog[result.GetArrayLength()];
        var index = 0;
        var seen = new Repeats();
        foreach (var log in result.EnumerateArray())
        {
            logs[index++] = ReadLog(log, seen);
        }

        return logs;
    }

    private static ChainLog ReadLog(JsonElement log, Repeats seen)
    {
        if (log.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("a log is not an object");
        }

        var topics = log.GetProperty("topics");
        var topicList = new string[topics.GetArrayLength()];
        var i = 0;
        foreach (var topic in topics.EnumerateArray())
        {
            topicList[i] = topic.ValueKind == JsonValueKind.String
                ? i == 0 ? seen.Topic0 = Same(topic, seen.Topic0) : topic.GetString()!
                : throw new FormatException("a topic is not a string");
            i++;
        }

        return new ChainLog(
            seen.Address = Same(Field(log, "address"), seen.Address),
            topicList,
            Text(log, "data"),
            Number(log, "blockNumber"),
            seen.BlockHash = Same(Field(log, "blockHash"), seen.BlockHash),
            seen.TransactionHash = Same(Field(log, "transactionHash"), seen.TransactionHash),
            Number(log, "logIndex"),
            log.TryGetProperty("removed", out var removed) && removed.ValueKind == JsonValueKind.True);
    }

    /// <summary>The previous log's string when <paramref name="value"/> is the same text, else a new one.</summary>
    private static string Same(JsonElement value, string? previous) =>
        previous is not null && value.ValueEquals(previous) ? previous : value.GetString()!;

    private static JsonElement Field(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value : throw new FormatException($"an answer has no '{name}'");

    /// <summary>
    /// The strings of the previous log in an answer. Logs come grouped by block and transaction and
    /// mostly from one contract and event, so their address, event topic, block and transaction
    /// hashes repeat: they are shared rather than made again for every log.
    /// </summary>
    private sealed class Repeats
    {
        public string? Address { get; set; }

        public string? Topic0 { get; set; }

        public string? BlockHash { get; set; }

        public string? TransactionHash { get; set; }
    }

    /// <summary>A JSON-RPC error answer is the node's refusal: raised as Nethereum's, so it is never retried.</summary>
    private static void ThrowIfRefused(JsonElement answer)
    {
        if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            throw new RpcResponseException(new RpcError(
                error.TryGetProperty("code", out var code) && code.TryGetInt32(out var number) ? number : 0,
                error.TryGetProperty("message", out var message) ? message.ToString() : "no message",
                null));
        }
    }

    private static string Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new FormatException($"an answer has no '{name}'");

    private static long Number(JsonElement item, string name)
    {
        var text = Text(item, name);
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
               && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new FormatException($"an answer's '{name}' is not a hex quantity: '{text}'");
    }

    private static string Quantity(long value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);
}
