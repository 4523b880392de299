using System.Net;
using System.Text.Json;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;

namespace DataUnion.Node.Tests;

/// <summary>The README's run path: no RPC URL, so the node starts its own chain and deploys to it.</summary>
[Collection(HardhatChainCollection.Name)]
public sealed class LocalRunPathTests : IDisposable
{
    // The first of Hardhat's well-known development accounts (mnemonic "test test ... junk").
    private const string HardhatAccount0PrivateKey = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    // Hardhat's second account, given to the node as its plaintext development key.
    private const string DevelopmentKey = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    private const string DevelopmentAddress = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Start_FreshDataDirectoryWithoutRpcUrl_StartsLocalChainDeploysAndIsReady()
    {
        var dataDirectory = _directory.Combine("fresh");
        string rpcUrl;
        await using (var node = await RunningNode.StartAsync(
        [
            $"--Node:DataDirectory={dataDirectory}",
            "--Http:Port=0",
            "--Chain:LocalNode:Port=0",
            $"--Chain:LocalNode:ProjectRoot={RepositoryPaths.Root}",
            "--Serilog:MinimumLevel:Default=Verbose",
        ], environment: name => name == "DATAUNION_DEV_PRIVATE_KEY" ? DevelopmentKey : null))
        {
            using var ready = await node.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

            using var request = node.OperatorRequest(HttpMethod.Get, "/api/v1/node");
            using var response = await node.Http.SendAsync(request);
            using var info = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var chainInfo = info.RootElement.GetProperty("chain");
            Assert.Equal(DevelopmentAddress, info.RootElement.GetProperty("operator").GetProperty("address").GetString());
            Assert.Equal("developmentKey", info.RootElement.GetProperty("operator").GetProperty("source").GetString());
            Assert.True(chainInfo.GetProperty("local").GetBoolean());
            Assert.Equal(31337, chainInfo.GetProperty("chainId").GetInt64());
            rpcUrl = chainInfo.GetProperty("rpcUrl").GetString()!;

            var record = Path.Combine(dataDirectory, "chain", "deployment.json");
            Assert.True(File.Exists(record));
            foreach (var name in new[] { "DataUnionToken", "DatasetMarket", "LabelerStaking" })
            {
                var address = chainInfo.GetProperty("contracts").GetProperty(name).GetString()!;
                var code = (await JsonRpc.CallAsync(rpcUrl, "eth_getCode", address, "latest")).GetString()!;
                Assert.True(code.Length > 2, $"{name} has no code on the local chain");
            }
        }

        // Stopping the node stops the chain it started.
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => JsonRpc.CallAsync(rpcUrl, "eth_chainId"));

        // Hardhat prints its development accounts' private keys; none reaches the node's log.
        var logs = string.Concat(Directory.GetFiles(Path.Combine(dataDirectory, "logs")).Select(File.ReadAllText));
        Assert.Contains("local chain:", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(HardhatAccount0PrivateKey, logs, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(DevelopmentKey, logs, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(DevelopmentAddress, logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_OnTheLocalChainWithHardhatsOperatorKey_IsConfirmedAndIndexed_AndARestartStartsAFreshChainDatabase()
    {
        var dataDirectory = _directory.Combine("publishing");
        string[] args =
        [
            $"--Node:DataDirectory={dataDirectory}",
            "--Http:Port=0",
            "--Chain:LocalNode:Port=0",
            $"--Chain:LocalNode:ProjectRoot={RepositoryPaths.Root}",
            "--Chain:Outbox:PollInterval=00:00:00.05",
            "--Chain:Indexer:PollInterval=00:00:00.1",
        ];
        Func<string, string?> environment = name => name == "DATAUNION_DEV_PRIVATE_KEY" ? HardhatAccount0PrivateKey : null;
        await using (var node = await RunningNode.StartAsync(args, environment: environment))
        {
            using var publish = node.OperatorRequest(HttpMethod.Post, "/api/v1/chain/versions");
            publish.Content = System.Net.Http.Json.JsonContent.Create(new
            {
                key = "local-1",
                datasetId = 1,
                imagesRoot = "0x" + new string('a', 64),
                sharesRoot = "0x" + new string('b', 64),
                totalShares = "10",
                price = "1000",
                manifestCid = "bafkqaaa",
            });
            using var accepted = await node.Http.SendAsync(publish);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

            await Eventually.TrueAsync(async () =>
            {
                using var request = node.OperatorRequest(HttpMethod.Get, "/api/v1/chain/versions");
                using var response = await node.Http.SendAsync(request);
                return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("\"datasetId\":\"1\"", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(60), "the published version in the index");
        }

        Assert.True(File.Exists(Path.Combine(dataDirectory, "chain", "local-chain.db")));
        await using (var restarted = await RunningNode.StartAsync(args, environment: environment))
        {
            using var request = restarted.OperatorRequest(HttpMethod.Get, "/api/v1/chain/outbox");
            using var response = await restarted.Http.SendAsync(request);
            Assert.Equal("[]", await response.Content.ReadAsStringAsync());
        }
    }

    public void Dispose() => _directory.Dispose();
}
