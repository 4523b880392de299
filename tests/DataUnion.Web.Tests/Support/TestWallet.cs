using System.Globalization;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataUnion.Chain.Signing;
using DataUnion.Testing;
using Microsoft.Playwright;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;

namespace DataUnion.Web.Tests.Support;

/// <summary>
/// A browser wallet for tests: an EIP-1193 provider injected into every page and announced by
/// EIP-6963, whose requests come back to the test through Playwright's exposed function. The
/// test signs with a Hardhat account's key (personal_sign, eth_signTypedData_v4) and sends real
/// transactions to the local chain, so the node verifies real signatures and the chain mines real
/// transactions. It can act like a person: decline a request, or sit on another network.
/// </summary>
public sealed class TestWallet
{
    private const string BindingName = "__dataunionTestWallet";
    private static readonly HttpClient Rpc = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly EthECKey _key;
    private readonly HardhatChainFixture _chain;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _declineNext = new(StringComparer.Ordinal);
    private readonly List<string> _requests = [];

    public TestWallet(string privateKey, HardhatChainFixture chain)
    {
        _key = new EthECKey(privateKey);
        _chain = chain;
        Address = _key.GetPublicAddress();
        ChainId = chain.ChainId;
    }

    /// <summary>The account's checksummed address.</summary>
    public string Address { get; }

    /// <summary>The chain the wallet says it is on; a test sets another to act as a wallet on the wrong network.</summary>
    public long ChainId { get; set; }

    /// <summary>The key, for checks made outside the browser.</summary>
    public EthECKey Key => _key;

    /// <summary>Every method the page asked for, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The next request for <paramref name="method"/> is declined as a person would (EIP-1193 code 4001).</summary>
    public void DeclineNext(string method)
    {
        lock (_gate)
        {
            _declineNext.Add(method);
        }
    }

    /// <summary>Injects the wallet into every page of <paramref name="context"/>, before the page's own scripts run.</summary>
    public async Task InstallAsync(IBrowserContext context)
    {
        await context.ExposeFunctionAsync<string, Task<string>>(BindingName, HandleAsync);
        await context.AddInitScriptAsync(ProviderScript);
    }

    private async Task<string> HandleAsync(string json)
    {
        var request = JsonNode.Parse(json)!.AsObject();
        var method = request["method"]!.GetValue<string>();
        var parameters = request["params"] as JsonArray ?? [];
        lock (_gate)
        {
            _requests.Add(method);
            if (_declineNext.Remove(method))
            {
                return Error(4001, "User rejected the request.");
            }
        }

        try
        {
            return method switch
            {
                "eth_requestAccounts" or "eth_accounts" => Result(new JsonArray(Address)),
                "eth_chainId" => Result(Hex(ChainId)),
                "wallet_switchEthereumChain" => SwitchChain(parameters),
                "personal_sign" => Result(PersonalSign(parameters)),
                "eth_signTypedData_v4" => Result(SignTypedData(parameters)),
                "eth_sendTransaction" => Result(await SendTransactionAsync(parameters)),
                _ => await ForwardAsync(method, parameters),
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or JsonException)
        {
            return Error(-32603, ex.Message);
        }
    }

    private string SwitchChain(JsonArray parameters)
    {
        var wanted = Convert.ToInt64(parameters[0]!["chainId"]!.GetValue<string>(), 16);
        if (wanted != _chain.ChainId)
        {
            return Error(4902, $"Unrecognized chain ID {wanted}.");
        }

        ChainId = wanted;
        return Result(null);
    }

    private string PersonalSign(JsonArray parameters)
    {
        var message = Convert.FromHexString(parameters[0]!.GetValue<string>()[2..]);
        RequireOwnAddress(parameters[1]!.GetValue<string>());
        return new EthereumMessageSigner().Sign(message, _key);
    }

    private string SignTypedData(JsonArray parameters)
    {
        RequireOwnAddress(parameters[0]!.GetValue<string>());
        var typedData = parameters[1]!.GetValueKind() == JsonValueKind.String ? parameters[1]!.GetValue<string>() : parameters[1]!.ToJsonString();
        return Eip712TypedDataSigner.Current.SignTypedDataV4(typedData, _key);
    }

    private async Task<string> SendTransactionAsync(JsonArray parameters)
    {
        var tx = parameters[0]!.AsObject();
        RequireOwnAddress(tx["from"]!.GetValue<string>());
        if (ChainId != _chain.ChainId)
        {
            throw new InvalidOperationException($"the wallet is on chain {ChainId}");
        }

        var account = new Nethereum.Web3.Accounts.Account(_key, _chain.ChainId);
        var web3 = new Nethereum.Web3.Web3(account, _chain.RpcUrl);
        var input = new TransactionInput
        {
            From = Address,
            To = tx["to"]?.GetValue<string>(),
            Data = tx["data"]?.GetValue<string>() ?? tx["input"]?.GetValue<string>(),
            Value = tx["value"] is { } value ? new HexBigInteger(value.GetValue<string>()) : null,
            Gas = tx["gas"] is { } gas ? new HexBigInteger(gas.GetValue<string>()) : null,
        };
        // A wallet estimates the gas of a transaction that names none.
        input.Gas ??= new HexBigInteger((await web3.Eth.TransactionManager.EstimateGasAsync(input)).Value * 5 / 4);
        return await web3.Eth.TransactionManager.SendTransactionAsync(input);
    }

    private void RequireOwnAddress(string address)
    {
        if (!string.Equals(address, Address, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"the wallet holds {Address}, not {address}");
        }
    }

    private async Task<string> ForwardAsync(string method, JsonArray parameters)
    {
        using var response = await Rpc.PostAsJsonAsync(_chain.RpcUrl, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = method, ["params"] = parameters.DeepClone() });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return body.ContainsKey("error")
            ? new JsonObject { ["error"] = body["error"]!.DeepClone() }.ToJsonString()
            : new JsonObject { ["result"] = body["result"]?.DeepClone() }.ToJsonString();
    }

    private static string Hex(BigInteger value)
    {
        var digits = value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
        return "0x" + (digits.Length == 0 ? "0" : digits);
    }

    private static string Result(JsonNode? result) => new JsonObject { ["result"] = result }.ToJsonString();

    private static string Error(int code, string message) => new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString();

    // EIP-1193 over the exposed function; EIP-6963 announcement on load and on request.
    private const string ProviderScript = """
        (() => {
          const listeners = new Map();
          const emit = (event, value) => (listeners.get(event) ?? []).forEach(fn => fn(value));
          const call = async (method, params) => JSON.parse(await window.__dataunionTestWallet(JSON.stringify({ method, params: params ?? [] })));
          const provider = {
            async request({ method, params }) {
              const answer = await call(method, params);
              if (answer.error) {
                const error = new Error(answer.error.message);
                error.code = answer.error.code;
                error.data = answer.error.data;
                throw error;
              }
              if (method === 'wallet_switchEthereumChain') emit('chainChanged', (await call('eth_chainId')).result);
              return answer.result;
            },
            on(event, fn) { listeners.set(event, [...(listeners.get(event) ?? []), fn]); return provider; },
            removeListener(event, fn) { listeners.set(event, (listeners.get(event) ?? []).filter(f => f !== fn)); return provider; },
          };
          const info = Object.freeze({ uuid: '6f1f8c52-2a4e-4d0e-9d3c-7d1a3e0b9a11', name: 'Test Wallet', rdns: 'org.dataunion.test-wallet',
            icon: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/%3E' });
          const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }));
          window.addEventListener('eip6963:requestProvider', announce);
          announce();
        })();
        """;
}
