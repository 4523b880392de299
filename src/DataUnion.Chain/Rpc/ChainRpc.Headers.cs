using System.Net.Http.Json;
using System.Text.Json;

namespace DataUnion.Chain.Rpc;

public sealed partial class ChainRpc
{
    /// <summary>
    /// The headers of <paramref name="numbers"/> in one JSON-RPC batch of <c>eth_getBlockByNumber</c>
    /// calls: the indexer checks a range against dozens of blocks, and one request each cost more
    /// than reading the range's logs.
    /// </summary>
    /// <returns>The headers by number; a block the node does not have is absent.</returns>
    /// <exception cref="ChainRpcException">The call failed after its retries, the node refused it, or the answer does not check out.</exception>
    public Task<IReadOnlyDictionary<long, BlockHeader>> HeadersAsync(IReadOnlyCollection<long> numbers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var requests = numbers.Distinct().Select((number, i) => new
        {
            jsonrpc = "2.0",
            id = i,
            method = "eth_getBlockByNumber",
            @params = new object[] { Quantity(number), false },
        }).ToList();
        return CallAsync("eth_getBlockByNumber", () => PostHeadersAsync(requests, requests.Count, cancellationToken), cancellationToken);
    }

    private async Task<IReadOnlyDictionary<long, BlockHeader>> PostHeadersAsync(object batch, int count, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<long, BlockHeader>(count);
        if (count == 0)
        {
            return headers;
        }

        using var response = await _http.PostAsJsonAsync(_url, batch, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var answer = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (answer.RootElement.ValueKind != JsonValueKind.Array || answer.RootElement.GetArrayLength() != count)
        {
            throw new FormatException($"the batch answer is not a list of {count} answers");
        }

        foreach (var item in answer.RootElement.EnumerateArray())
        {
            ThrowIfRefused(item);
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("result", out var block))
            {
                throw new FormatException("a batch answer has no result");
            }

            if (block.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var header = new BlockHeader(Number(block, "number"), Text(block, "hash").ToLowerInvariant(), Text(block, "parentHash").ToLowerInvariant());
            headers[header.Number] = header;
        }

        return headers;
    }
}
