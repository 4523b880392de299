using System.Text.Json;
using DataUnion.Core.Encoding;

namespace DataUnion.Core.Deployment;

/// <summary>
/// Parses and validates deployment record JSON. Every rejection names the field that was wrong,
/// because the record is the daemon's only source of contract addresses.
/// </summary>
public static class DeploymentRecordParser
{
    /// <summary>Parses <paramref name="json"/>, or throws <see cref="InvalidDeploymentRecordException"/>.</summary>
    public static DeploymentRecord Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new InvalidDeploymentRecordException($"the deployment record is not valid JSON: {ex.Message}", ex);
        }
    }

    private static DeploymentRecord Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("the deployment record must be a JSON object");
        }

        var schemaVersion = RequireInt64(root, "schemaVersion");
        if (schemaVersion != DeploymentRecord.CurrentSchemaVersion)
        {
            throw Invalid($"schemaVersion is {schemaVersion}; this node reads version {DeploymentRecord.CurrentSchemaVersion}");
        }

        var chainId = RequireInt64(root, "chainId");
        if (chainId <= 0)
        {
            throw Invalid($"chainId must be positive, got {chainId}");
        }

        var deployBlock = RequireInt64(root, "deployBlock");
        if (deployBlock < 0)
        {
            throw Invalid($"deployBlock must not be negative, got {deployBlock}");
        }

        var network = root.TryGetProperty("network", out var networkElement) && networkElement.ValueKind == JsonValueKind.String
            ? networkElement.GetString()!
            : "unknown";

        if (!root.TryGetProperty("contracts", out var contractsElement) || contractsElement.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("contracts is missing or is not an object");
        }

        var contracts = new Dictionary<string, DeployedContract>(StringComparer.Ordinal);
        foreach (var property in contractsElement.EnumerateObject())
        {
            contracts.Add(property.Name, ReadContract(property.Name, property.Value));
        }

        if (contracts.Count == 0)
        {
            throw Invalid("contracts is empty; a deployment has at least one contract");
        }

        return new DeploymentRecord((int)schemaVersion, chainId, network, deployBlock, contracts);
    }

    private static DeployedContract ReadContract(string name, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"contracts.{name} must be an object");
        }

        var address = RequireString(element, "address", name);
        if (!HexString.IsPrefixedHex(address, 20))
        {
            throw Invalid($"contracts.{name}.address '{address}' is not a 20-byte 0x-prefixed hex address");
        }

        var codeHash = RequireString(element, "codeHash", name);
        if (!HexString.IsPrefixedHex(codeHash, 32))
        {
            throw Invalid($"contracts.{name}.codeHash '{codeHash}' is not a 32-byte 0x-prefixed hex hash");
        }

        var abiHash = RequireString(element, "abiHash", name);
        if (!HexString.IsPrefixedHex(abiHash, 32))
        {
            throw Invalid($"contracts.{name}.abiHash '{abiHash}' is not a 32-byte 0x-prefixed hex hash");
        }

        var artifact = RequireString(element, "artifact", name);
        return new DeployedContract(name, address, artifact, codeHash, abiHash);
    }

    private static long RequireInt64(JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            throw Invalid($"{property} is missing or is not an integer");
        }

        return number;
    }

    private static string RequireString(JsonElement element, string property, string contract)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw Invalid($"contracts.{contract}.{property} is missing or is not a string");
        }

        return value.GetString()!;
    }

    private static InvalidDeploymentRecordException Invalid(string message) => new(message);
}
