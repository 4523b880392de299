using System.Reflection;
using System.Text.RegularExpressions;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace DataUnion.Chain.Rpc;

/// <summary>Names the reason in a revert's data: a custom error of the project's contracts, <c>Error(string)</c> or <c>Panic(uint256)</c>.</summary>
public static partial class RevertReason
{
    private static readonly Lazy<Dictionary<string, string>> CustomErrors = new(LoadCustomErrors);

    /// <summary>A readable reason, or null when <paramref name="errorData"/> holds no revert data.</summary>
    /// <param name="errorData">The JSON-RPC error's <c>data</c> as text (0x-hex, or JSON holding it).</param>
    public static string? Describe(string? errorData)
    {
        if (string.IsNullOrEmpty(errorData) || HexData().Match(errorData) is not { Success: true } match)
        {
            return null;
        }

        var hex = match.Value.ToLowerInvariant();
        var selector = hex[..10];
        if (selector == "0x08c379a0")
        {
            try
            {
                return $"Error(\"{new FunctionCallDecoder().DecodeFunctionErrorMessage(hex)}\")";
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or IndexOutOfRangeException)
            {
                return "Error(string) with malformed data";
            }
        }

        if (selector == "0x4e487b71" && hex.Length >= 74)
        {
            return $"Panic(0x{hex[^2..]})";
        }

        return CustomErrors.Value.TryGetValue(selector, out var name)
            ? hex.Length > 10 ? $"{name} (arguments {"0x" + hex[10..]})" : name
            : $"unknown error {selector}";
    }

    /// <summary>
    /// The reason of a call that reverted, from the exception Nethereum threw for it (a decoded
    /// custom error, a revert message, or the JSON-RPC error's data); null when
    /// <paramref name="exception"/> is not a revert.
    /// </summary>
    public static string? Of(Exception exception) => exception switch
    {
        SmartContractCustomErrorRevertException custom => Describe(custom.ExceptionEncodedData) ?? custom.Message,
        SmartContractRevertException revert => revert.RevertMessage ?? revert.Message,
        Nethereum.JsonRpc.Client.RpcResponseException rpc => Describe(rpc.RpcError?.Data?.ToString()) ?? rpc.RpcError?.Message ?? rpc.Message,
        _ => null,
    };

    private static Dictionary<string, string> LoadCustomErrors()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in typeof(RevertReason).Assembly.GetTypes().Where(t => t.GetCustomAttribute<ErrorAttribute>() is not null))
        {
            var abi = ABITypedRegistry.GetError(type);
            map.TryAdd("0x" + abi.Sha3Signature.ToLowerInvariant()[..8], $"{abi.Name}({string.Join(",", abi.InputParameters.Select(p => p.Type))})");
        }

        return map;
    }

    [GeneratedRegex("0x[0-9a-fA-F]{8}(?:[0-9a-fA-F]{2})*")]
    private static partial Regex HexData();
}
