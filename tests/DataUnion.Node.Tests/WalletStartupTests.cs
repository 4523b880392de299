using System.Text.Json;
using DataUnion.Chain.Wallets;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;

namespace DataUnion.Node.Tests;

/// <summary>The node unlocks the operator keystore of its data directory and reports the address, never the key.</summary>
[Collection(HardhatChainCollection.Name)]
public sealed class WalletStartupTests(HardhatChainFixture chain) : IDisposable
{
    private readonly TempDirectory _directory = new();

    private async Task<JsonElement> OperatorAsync(RunningNode node)
    {
        using var request = node.OperatorRequest(HttpMethod.Get, "/api/v1/node");
        using var response = await node.Http.SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("operator").Clone();
    }

    [Fact]
    public async Task Start_KeystoreAndPasswordFile_UnlocksAndReportsTheAddress()
    {
        var dataDirectory = _directory.Combine("node");
        var address = OperatorWallet.Create(Path.Combine(dataDirectory, "keystore"), "a long password", 4096);
        var passwordFile = _directory.Combine("password");
        await File.WriteAllTextAsync(passwordFile, "a long password\n");

        await using var node = await RunningNode.StartAsync([.. RunningNode.ArgsFor(chain, dataDirectory), $"--Wallet:PasswordFile={passwordFile}"]);
        var info = await OperatorAsync(node);

        Assert.Equal(address, info.GetProperty("address").GetString());
        Assert.Equal("keystore", info.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Start_NoWallet_RunsWithoutAnOperatorAddress()
    {
        await using var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Combine("bare")));
        var info = await OperatorAsync(node);

        Assert.Equal(JsonValueKind.Null, info.GetProperty("address").ValueKind);
        Assert.Equal("none", info.GetProperty("source").GetString());
    }

    public void Dispose() => _directory.Dispose();
}
