using System.Net;
using System.Text.Json;
using DataUnion.Core.Content;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Replication;
using DataUnion.Storage.Pins;

namespace DataUnion.Node.Apis.PinningService;

/// <summary>
/// The body of <c>POST /pins</c> and <c>POST /pins/{requestid}</c>, read with every field bounded:
/// each problem is named in one 400, and a field of the wrong type is a problem, never ignored.
/// </summary>
internal sealed record PinRequestBody(Cid Cid, string? Name, IReadOnlyList<string> Origins, IReadOnlyDictionary<string, string> Meta)
{
    public const int MaxOrigins = 20;
    public const int MaxOriginLength = 512;
    public const int MaxMetaEntries = 64;
    public const int MaxMetaKeyLength = 255;
    public const int MaxMetaValueLength = 2048;

    public static async Task<PinRequestBody> ReadAsync(HttpContext context, bool allowPrivateOrigins)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException ex)
        {
            throw new ProblemException(ApiProblem.BadRequest($"the body is not JSON: {ex.Message}"));
        }

        using (document)
        {
            return Parse(document.RootElement, allowPrivateOrigins);
        }
    }

    private static PinRequestBody Parse(JsonElement root, bool allowPrivateOrigins)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("cid", out var cidElement) || cidElement.ValueKind != JsonValueKind.String)
        {
            throw new ProblemException(ApiProblem.BadRequest("the body must be an object with a string 'cid'"));
        }

        var problems = new List<string>();
        if (!Cid.TryParse(cidElement.GetString(), out var cid, out var cidError))
        {
            problems.Add($"cid: {cidError}");
        }

        string? name = null;
        if (root.TryGetProperty("name", out var nameElement) && nameElement.ValueKind != JsonValueKind.Null)
        {
            name = nameElement.ValueKind == JsonValueKind.String ? nameElement.GetString() : null;
            if (name is null || name.Length > LiteDbPinStore.MaxNameLength)
            {
                problems.Add($"name: a string of at most {LiteDbPinStore.MaxNameLength} characters");
            }
        }

        var origins = ReadOrigins(root, allowPrivateOrigins, problems);
        var meta = ReadMeta(root, problems);
        return problems.Count > 0 ? throw new ProblemException(ApiProblem.BadRequest(problems)) : new PinRequestBody(cid!, name, origins, meta);
    }

    private static List<string> ReadOrigins(JsonElement root, bool allowPrivateOrigins, List<string> problems)
    {
        var origins = new List<string>();
        if (!root.TryGetProperty("origins", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return origins;
        }

        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() > MaxOrigins)
        {
            problems.Add($"origins: a list of at most {MaxOrigins} multiaddrs");
            return origins;
        }

        var index = 0;
        foreach (var origin in element.EnumerateArray())
        {
            var text = origin.ValueKind == JsonValueKind.String ? origin.GetString()! : null;
            if (text is null || text.Length > MaxOriginLength)
            {
                problems.Add($"origins[{index}]: a multiaddr string of at most {MaxOriginLength} characters");
            }
            else if (HttpMultiaddr.Problem(text) is { } malformed)
            {
                problems.Add($"origins[{index}]: {malformed}");
            }
            else if (!allowPrivateOrigins && HttpMultiaddr.ToUrl(text) is { } url && IPAddress.TryParse(url.Host.Trim('[', ']'), out var address)
                     && OriginAddresses.Refusal(address) is { } refusal)
            {
                problems.Add($"origins[{index}]: {address} is {refusal}; this node fetches only from public addresses (Replication:AllowPrivateOrigins)");
            }
            else
            {
                origins.Add(text);
            }

            index++;
        }

        return origins;
    }

    private static Dictionary<string, string> ReadMeta(JsonElement root, List<string> problems)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("meta", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return meta;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add("meta: an object of string values");
            return meta;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (meta.Count == MaxMetaEntries)
            {
                problems.Add($"meta: at most {MaxMetaEntries} entries");
                break;
            }

            if (property.Name.Length > MaxMetaKeyLength || property.Value.ValueKind != JsonValueKind.String
                || property.Value.GetString()!.Length > MaxMetaValueLength)
            {
                problems.Add($"meta: keys of at most {MaxMetaKeyLength} characters with string values of at most {MaxMetaValueLength}");
                break;
            }

            meta[property.Name] = property.Value.GetString()!;
        }

        return meta;
    }
}
