using System.Globalization;
using System.Text.Json;
using DataUnion.Node.Tests.Contributions;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Testing;
using Nethereum.Signer;

namespace DataUnion.Cli.Tests;

/// <summary>
/// A buyer's commands against a real node and the Hardhat chain: buying with a permit and with an
/// approval from keystore wallets, and downloading the version as a CAR verified against the
/// manifest CID on chain; and every refusal on the way.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class BuyerCommandsTests(HardhatChainFixture chain) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task BuyAndDownload_PermitAndApproval_WriteTheVersionVerified_AndRefusalsSayWhy()
    {
        await using var snapshot = await chain.SnapshotAsync();
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Labeling:MinSecondsPerItem=0");
        var (_, _, cids) = await FinishedContributions.CreateAsync(node);
        var versionId = await MarketSetup.PublishAsync(node, "2500");
        var (alice, aliceFile) = Buyer("alice");
        var (bob, bobFile) = Buyer("bob");
        var (_, carolFile) = Buyer("carol");
        await MarketSetup.FundAsync(chain, alice, tokens: 5000);
        await MarketSetup.FundAsync(chain, bob, tokens: 5000);
        var passwordFile = MarketSetup.PasswordFile(_directory);
        string[] common = ["--api", node.Node.BaseUrl.ToString(), "--rpc", chain.RpcUrl, "--password-file", passwordFile];
        var id = versionId.ToString(CultureInfo.InvariantCulture);

        var permit = await CliRun.InvokeAsync(["buy", id, "--wallet", aliceFile, .. common]);
        var approval = await CliRun.InvokeAsync(["buy", id, "--wallet", bobFile, "--no-permit", "--json", .. common]);
        var again = await CliRun.InvokeAsync(["buy", id, "--wallet", aliceFile, .. common]);
        var poor = await CliRun.InvokeAsync(["buy", id, "--wallet", carolFile, .. common]);
        var unknown = await CliRun.InvokeAsync(["buy", "99", "--wallet", aliceFile, .. common]);

        Assert.True(permit.ExitCode == 0, permit.Error);
        Assert.Contains("with an EIP-2612 permit", permit.Output, StringComparison.Ordinal);
        Assert.True(approval.ExitCode == 0, approval.Error);
        var bought = JsonDocument.Parse(approval.Output).RootElement;
        Assert.Equal("an approval", bought.GetProperty("Payment").GetString());
        Assert.Equal("2500", bought.GetProperty("Price").GetString());
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already bought version", again.Error, StringComparison.Ordinal);
        Assert.Equal(1, poor.ExitCode);
        Assert.Contains("holds 0 units", poor.Error, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("the market has no version 99", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(5000 - 2500, await MarketSetup.BalanceAsync(chain, alice.GetPublicAddress()));
        Assert.Equal(5000 - 2500, await MarketSetup.BalanceAsync(chain, bob.GetPublicAddress()));

        // Download: the whole version, each image's bytes what the node stores.
        var target = _directory.Combine("alice-download");
        var download = await CliRun.InvokeAsync(["download", id, "-o", target, "--wallet", aliceFile, .. common]);
        Assert.True(download.ExitCode == 0, download.Error);
        Assert.Contains("every block verified", download.Output, StringComparison.Ordinal);
        var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(target, "manifest.json"))).RootElement;
        Assert.Equal(3, manifest.GetProperty("images").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(target, "annotations.json")));
        Assert.True(File.Exists(Path.Combine(target, "trees", "shares.json")));
        foreach (var cid in cids)
        {
            using var stored = await node.OperatorAsync(HttpMethod.Get, $"/ipfs/{cid}");
            Assert.Equal(await stored.Content.ReadAsByteArrayAsync(), await File.ReadAllBytesAsync(Path.Combine(target, "images", cid + ".jpg")));
        }

        // Refusals: a wallet that did not buy, a wrong password, a directory that exists, an RPC that does not answer.
        var notBought = await CliRun.InvokeAsync(["download", id, "-o", _directory.Combine("carol-download"), "--wallet", carolFile, .. common]);
        Assert.Equal(1, notBought.ExitCode);
        Assert.Contains("has not bought version", notBought.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory.Combine("carol-download")));
        var wrongPassword = _directory.Combine("wrong");
        await File.WriteAllTextAsync(wrongPassword, "not-the-password\n");
        var locked = await CliRun.InvokeAsync(["download", id, "-o", _directory.Combine("x"), "--wallet", aliceFile, "--api", node.Node.BaseUrl.ToString(), "--rpc", chain.RpcUrl, "--password-file", wrongPassword]);
        Assert.Equal(1, locked.ExitCode);
        Assert.Contains("wrong password", locked.Error, StringComparison.Ordinal);
        var exists = await CliRun.InvokeAsync(["download", id, "-o", target, "--wallet", aliceFile, .. common]);
        Assert.Equal(1, exists.ExitCode);
        Assert.Contains("already exists", exists.Error, StringComparison.Ordinal);
        var deadRpc = await CliRun.InvokeAsync(["buy", id, "--wallet", bobFile, "--api", node.Node.BaseUrl.ToString(), "--rpc", $"http://127.0.0.1:{FreePort.Next()}", "--password-file", passwordFile]);
        Assert.Equal(1, deadRpc.ExitCode);
        Assert.Contains("does not answer", deadRpc.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Buy_NoWallet_SaysHowToGiveOne()
    {
        var run = await CliRun.InvokeAsync("buy", "1", "--api", "http://127.0.0.1:9/");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no wallet: give --wallet KEYSTORE, or set DATAUNION_MNEMONIC", run.Error, StringComparison.Ordinal);
    }

    private (EthECKey Key, string File) Buyer(string name)
    {
        var key = EthECKey.GenerateKey();
        return (key, MarketSetup.Keystore(_directory, key, name));
    }
}
