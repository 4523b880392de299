using System.Globalization;
using System.Text.Json;
using DataUnion.Node.Tests.Contributions;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Testing;
using Nethereum.Signer;

namespace DataUnion.Cli.Tests;

/// <summary>
/// The auditor's command against a real node (public gateway) and the Hardhat chain, given only the
/// RPC and gateway URLs and an image's bytes.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class AuditCommandTests(HardhatChainFixture chain) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Audit_AnImagesBytes_TracesItToTheVersionProofConsentAndPurchases()
    {
        await using var snapshot = await chain.SnapshotAsync();
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Labeling:MinSecondsPerItem=0", "--Ipfs:PublicGateway=true");
        var finished = await FinishedContributions.CreateAsync(node);
        var versionId = await MarketSetup.PublishAsync(node, "1200");
        var id = versionId.ToString(CultureInfo.InvariantCulture);
        string[] common = ["--api", node.Node.BaseUrl.ToString(), "--rpc", chain.RpcUrl, "--password-file", MarketSetup.PasswordFile(_directory)];
        var buyers = new[] { EthECKey.GenerateKey(), EthECKey.GenerateKey() };
        foreach (var (buyer, i) in buyers.Select((b, i) => (b, i)))
        {
            await MarketSetup.FundAsync(chain, buyer, tokens: 1200);
            Assert.Equal(0, (await CliRun.InvokeAsync(["buy", id, "--wallet", MarketSetup.Keystore(_directory, buyer, $"buyer{i}"), .. common])).ExitCode);
        }

        // The auditor has the photo's bytes (as a buyer received them) and two URLs.
        var photo = _directory.Combine("photo.jpg");
        using (var stored = await node.OperatorAsync(HttpMethod.Get, $"/ipfs/{finished.Cids[1]}"))
        {
            await File.WriteAllBytesAsync(photo, await stored.Content.ReadAsByteArrayAsync());
        }

        string[] urls = ["--rpc", chain.RpcUrl, "--gateway", node.Node.BaseUrl.ToString()];
        var table = await CliRun.InvokeAsync(["audit", photo, .. urls]);
        var json = await CliRun.InvokeAsync(["audit", finished.Cids[1], "--json", .. urls]);

        Assert.True(table.ExitCode == 0, table.Error + table.Output);
        Assert.Contains($"version {id} (faces)", table.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", table.Output, StringComparison.Ordinal);
        Assert.Contains("purchases (2):", table.Output, StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        var report = JsonDocument.Parse(json.Output).RootElement;
        Assert.True(report.GetProperty("holds").GetBoolean());
        var version = Assert.Single(report.GetProperty("versions").EnumerateArray());
        Assert.Equal(versionId, version.GetProperty("versionId").GetInt64());
        Assert.Equal(finished.Contributor.GetPublicAddress(), version.GetProperty("contributor").GetString(), ignoreCase: true);
        Assert.Equal(6, version.GetProperty("checks").GetArrayLength());
        Assert.All(version.GetProperty("checks").EnumerateArray(), c => Assert.True(c.GetProperty("passed").GetBoolean(), c.GetProperty("name").GetString()));
        Assert.Equal(
            buyers.Select(b => b.GetPublicAddress().ToLowerInvariant()).Order(),
            version.GetProperty("purchases").EnumerateArray().Select(p => p.GetProperty("buyer").GetString()!.ToLowerInvariant()).Order());

        // An image in no version, a target that is neither file nor CID, an RPC that does not answer.
        var stranger = _directory.Combine("other.jpg");
        await File.WriteAllBytesAsync(stranger, ContributionClient.Photo("park").Reverse().ToArray());
        var nowhere = await CliRun.InvokeAsync(["audit", stranger, .. urls]);
        Assert.Equal(1, nowhere.ExitCode);
        Assert.Contains("is in no published version", nowhere.Error, StringComparison.Ordinal);
        var usage = await CliRun.InvokeAsync(["audit", "no-such-file-or-cid", .. urls]);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("neither a file nor a CID", usage.Error, StringComparison.Ordinal);
        var dead = await CliRun.InvokeAsync("audit", photo, "--rpc", $"http://127.0.0.1:{FreePort.Next()}", "--gateway", node.Node.BaseUrl.ToString());
        Assert.Equal(1, dead.ExitCode);
        Assert.Contains("does not answer", dead.Error, StringComparison.Ordinal);
    }
}
